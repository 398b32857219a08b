using ZifPhase.Descriptors;
using ZifPhase.Structures;
using ZifPhase.Tests.Cli;
using ZifPhase.Tests.Descriptors.Soap;

namespace ZifPhase.Tests.Descriptors;

/// <summary>
/// Every argument form DScribe 2.1.1's SOAP(...) and ACSF(...) accept reads with the same meaning; every other form
/// is refused with one line naming the key, through <see cref="DescriptorSpec.FromJson"/> and <c>describe --spec</c>.
/// </summary>
public class DScribeArgumentFormsTests
{
    /// <summary>One Zn in a periodic cubic cell, a = 3.1 Å.</summary>
    private static Frame LoneZn() => new([new Vec3(0, 0, 0)], [Element.Zn], Cell.Orthorhombic(3.1, 3.1, 3.1));

    private const string CanonicalAcsf = """{"kind":"acsf","species":["Zn"],"r_cut":7.0,"g3_params":[1.0],"periodic":true}""";

    [Theory]
    [InlineData(CanonicalAcsf)]
    [InlineData("""{"kind":"acsf","species":[30],"r_cut":7.0,"g3_params":[1.0],"periodic":true}""")]
    [InlineData("""{"kind":"acsf","species":["Zn"],"r_cut":7,"g3_params":[1],"periodic":true}""")]
    [InlineData("""{"kind":"acsf","species":[30,30],"r_cut":7,"g3_params":[[1.0]],"periodic":true}""")]
    [InlineData("""{"periodic":true,"g3_params":[[1]],"g2_params":null,"g4_params":[],"g5_params":null,"r_cut":7.0,"species":["Zn"],"kind":"ACSF","sparse":false,"dtype":"float64"}""")]
    public void TheLoneZincRowIsDScribesForEveryAcceptedForm(string json)
    {
        var spec = DescriptorSpec.FromJson(json);
        var row = spec.Create(1).Compute(LoneZn(), [0]);
        Assert.Equal(2, row.Length);
        Assert.Equal(8.438149, row[0], 1e-6);   // G1
        Assert.Equal(-3.899103, row[1], 1e-6);  // G3, κ = 1
        Assert.Equal(DescriptorSpec.FromJson(CanonicalAcsf).Create(1).Compute(LoneZn(), [0]), row);
    }

    [Fact]
    public void G3IsWrittenAsDScribesFlatListAndReadBack()
    {
        var spec = new AcsfSpec { Species = ["Zn"], RCut = 7, G3Params = [[1.5], [0.25]] };
        Assert.Contains("\"g3_params\":[1.5,0.25]", spec.ToJson());
        var back = Assert.IsType<AcsfSpec>(DescriptorSpec.FromJson(spec.ToJson()));
        Assert.Equal([[1.5], [0.25]], back.G3Params);
    }

    private const string CanonicalSoap =
        """{"kind":"soap","species":["C","Zn"],"r_cut":4.5,"n_max":3,"l_max":2,"sigma":0.8,"rbf":"gto","compression":{"mode":"off","species_weighting":{"C":1.0,"Zn":2.0}},"weighting":{"function":"poly","r0":4.5,"c":1.0,"m":2.0},"average":"off","periodic":true}""";

    [Theory]
    [InlineData(CanonicalSoap)]
    // atomic numbers, integers for floats, weights keyed by atomic number as DScribe keys them for numeric species
    [InlineData("""{"kind":"soap","species":[30,6],"r_cut":4.5,"n_max":3,"l_max":2,"sigma":0.8,"compression":{"mode":"off","species_weighting":{"6":1,"30":2}},"weighting":{"function":"poly","r0":4.5,"c":1,"m":2}}""")]
    // no r_cut: DScribe infers r0 from a poly weighting; compression without mode is off; nulls are DScribe's None
    [InlineData("""{"kind":"soap","species":["Zn","C","Zn"],"n_max":3.0,"l_max":2,"sigma":0.8,"compression":{"species_weighting":{"Zn":2,"C":1}},"weighting":{"function":"poly","r0":4.5,"c":1,"m":2,"d":null,"w0":null},"sparse":false,"dtype":"float32"}""")]
    public void AlternateSoapFormsGiveByteIdenticalRows(string json)
    {
        var frame = SoapTestSystems.Triclinic();
        var canonical = DescriptorSpec.FromJson(CanonicalSoap);
        var spec = DescriptorSpec.FromJson(json);
        Assert.Equal(canonical.RCut, spec.RCut);
        Assert.Equal(canonical.SortedSpecies, spec.SortedSpecies);
        var expected = canonical.Create(1).Compute(frame, [0, 1, 2]);
        Assert.Equal(expected, spec.Create(1).Compute(frame, [0, 1, 2]));
    }

    [Fact]
    public void EmptyWeightingAndCompressionAreDScribesDefaults()
    {
        var plain = Assert.IsType<SoapSpec>(DescriptorSpec.FromJson("""{"kind":"soap","species":["Zn"],"r_cut":5,"n_max":2,"l_max":1}"""));
        var empty = Assert.IsType<SoapSpec>(DescriptorSpec.FromJson("""{"kind":"soap","species":["Zn"],"r_cut":5,"n_max":2,"l_max":1,"weighting":{},"compression":{}}"""));
        Assert.Null(empty.Weighting);
        Assert.Equal(plain.ToJson(), empty.ToJson());
        Assert.Null(plain.Dtype);
    }

    [Fact]
    public void PowWeightingWithoutRCutInfersItAsDScribeDoes()
    {
        var spec = Assert.IsType<SoapSpec>(DescriptorSpec.FromJson(
            """{"kind":"soap","species":["Zn"],"n_max":2,"l_max":1,"weighting":{"function":"pow","r0":2,"c":1,"d":0.5,"m":3,"threshold":0.001}}"""));
        Assert.Equal(2.0 * Math.Pow(1.0 / 1e-3 - 0.5, 1 / 3.0), spec.RCut, 12);
    }

    public static TheoryData<string, string> Refused => new()
    {
        // shapes and types of the ACSF parameters
        { """{"kind":"acsf","species":["Zn"],"r_cut":7,"g4_params":[[0.1,1.0]]}""",
          "acsf spec: 'g4_params' must be a list of [eta, zeta, lambda] rows, e.g. [[0.005, 1.0, 1.0]]; row 1 is [0.1, 1.0]" },
        { """{"kind":"acsf","species":["Zn"],"r_cut":7,"g5_params":[[0.1,1.0,"1"]]}""",
          "acsf spec: 'g5_params' must be a list of [eta, zeta, lambda] rows, e.g. [[0.005, 1.0, 1.0]]; row 1 is [0.1, 1.0, \"1\"]" },
        { """{"kind":"acsf","species":["Zn"],"r_cut":7,"g2_params":[0.5,0.0]}""",
          "acsf spec: 'g2_params' must be a list of [eta, r_s] pairs, e.g. [[0.5, 0.0]]; row 1 is 0.5" },
        { """{"kind":"acsf","species":["Zn"],"r_cut":7,"g2_params":{"eta":0.5}}""",
          "acsf spec: 'g2_params' must be a list of [eta, r_s] pairs, e.g. [[0.5, 0.0]], not an object" },
        { """{"kind":"acsf","species":["Zn"],"r_cut":7,"g3_params":1.0}""",
          "acsf spec: 'g3_params' must be a flat list of kappas, e.g. [1.0], not 1.0" },
        { """{"kind":"acsf","species":["Zn"],"r_cut":7,"g3_params":[[1.0,2.0]]}""",
          "acsf spec: 'g3_params' must be a flat list of kappas, e.g. [1.0]; row 1 is [1.0, 2.0]" },
        { """{"kind":"acsf","species":["Zn"],"r_cut":7,"g3_params":[1.0,[2.0]]}""",
          "acsf spec: 'g3_params' must be a flat list of kappas, e.g. [1.0]; item 2 is [2.0]" },
        { """{"kind":"acsf","species":["Zn"],"r_cut":7,"g1":"no"}""", "acsf spec: 'g1' must be true or false, not \"no\"" },
        // species
        { """{"kind":"acsf","species":"Zn","r_cut":7}""",
          "acsf spec: 'species' must be a list of element symbols or atomic numbers, e.g. [\"Zn\"] or [30], not \"Zn\"" },
        { """{"kind":"acsf","species":["Zn",30],"r_cut":7}""",
          "acsf spec: 'species' must be all element symbols or all atomic numbers, e.g. [\"Zn\"] or [30], not a mix" },
        { """{"kind":"acsf","species":[30.0],"r_cut":7}""", "acsf spec: 'species' 30.0 is not an atomic number ZifPhase knows (a whole number from 1 to 83)" },
        { """{"kind":"acsf","species":[0],"r_cut":7}""", "acsf spec: 'species' 0 is not an atomic number ZifPhase knows (a whole number from 1 to 83)" },
        { """{"kind":"acsf","species":["Xx"],"r_cut":7}""", "acsf spec: 'species': unknown element 'Xx'" },
        { """{"kind":"acsf","species":[],"r_cut":7}""", "acsf spec: 'species' must name at least one element" },
        { """{"kind":"acsf","r_cut":7}""", "acsf spec: missing 'species' (a list of element symbols or atomic numbers, e.g. [\"Zn\"] or [30])" },
        // r_cut, n_max, l_max, sigma, rbf
        { """{"kind":"acsf","species":["Zn"],"r_cut":"7"}""", "acsf spec: 'r_cut' must be a positive number (Å), not \"7\"" },
        { """{"kind":"acsf","species":["Zn"],"r_cut":-1}""", "acsf spec: 'r_cut' must be a positive number (Å), not -1" },
        { """{"kind":"acsf","species":["Zn"],"r_cut":0}""", "acsf spec: 'r_cut' must be a positive number (Å), not 0" },
        { """{"kind":"acsf","species":["Zn"]}""", "acsf spec: missing 'r_cut' (a positive number, Å)" },
        { """{"kind":"soap","species":["Zn"],"n_max":2,"l_max":1}""",
          "soap spec: missing 'r_cut' (a positive number, Å; DScribe infers it only from a weighting 'function')" },
        { """{"kind":"soap","species":["Zn"],"r_cut":1,"n_max":2,"l_max":1}""", "soap spec: the GTO basis needs 'r_cut' > 1 Å, not 1" },
        { """{"kind":"soap","species":["Zn"],"r_cut":5,"n_max":0,"l_max":1}""", "soap spec: 'n_max' must be a whole number ≥ 1, not 0" },
        { """{"kind":"soap","species":["Zn"],"r_cut":5,"n_max":2.5,"l_max":1}""", "soap spec: 'n_max' must be a whole number ≥ 1, not 2.5" },
        { """{"kind":"soap","species":["Zn"],"r_cut":5,"l_max":1}""", "soap spec: missing 'n_max' (a whole number ≥ 1)" },
        { """{"kind":"soap","species":["Zn"],"r_cut":5,"n_max":2,"l_max":12}""",
          "soap spec: 'l_max' must be a whole number from 0 to 9 (DScribe's GTO limit), not 12" },
        { """{"kind":"soap","species":["Zn"],"r_cut":5,"n_max":2,"l_max":1,"sigma":0}""", "soap spec: 'sigma' must be a positive number (Å), not 0" },
        { """{"kind":"soap","species":["Zn"],"r_cut":5,"n_max":2,"l_max":1,"rbf":"polynomial"}""", "soap spec: rbf 'polynomial' is not supported; use 'gto'" },
        { """{"kind":"soap","species":["Zn"],"r_cut":5,"n_max":2,"l_max":1,"rbf":"sto"}""",
          "soap spec: 'rbf' must be \"gto\" (DScribe's \"polynomial\" is not supported), not \"sto\"" },
        // average, periodic, sparse, dtype
        { """{"kind":"soap","species":["Zn"],"r_cut":5,"n_max":2,"l_max":1,"average":"mean"}""",
          "soap spec: 'average' must be \"off\", \"inner\" or \"outer\", not \"mean\"" },
        { """{"kind":"acsf","species":["Zn"],"r_cut":7,"periodic":"yes"}""", "acsf spec: 'periodic' must be true or false, not \"yes\"" },
        { """{"kind":"acsf","species":["Zn"],"r_cut":7,"sparse":true}""",
          "acsf spec: 'sparse': true is not supported (ZifPhase writes dense rows); use false or leave it out" },
        { """{"kind":"acsf","species":["Zn"],"r_cut":7,"sparse":0}""", "acsf spec: 'sparse' must be true or false, not 0" },
        { """{"kind":"acsf","species":["Zn"],"r_cut":7,"dtype":"float16"}""", "acsf spec: 'dtype' must be \"float32\" or \"float64\", not \"float16\"" },
        // weighting and compression
        { """{"kind":"soap","species":["Zn"],"r_cut":5,"n_max":2,"l_max":1,"weighting":"poly"}""",
          "soap spec: 'weighting' must be an object such as {\"function\": \"poly\", \"r0\": 9, \"c\": 1, \"m\": 2}, not \"poly\"" },
        { """{"kind":"soap","species":["Zn"],"r_cut":5,"n_max":2,"l_max":1,"weighting":{"function":"gauss"}}""",
          "soap spec: 'weighting.function' must be \"poly\", \"pow\" or \"exp\", not \"gauss\"" },
        { """{"kind":"soap","species":["Zn"],"r_cut":5,"n_max":2,"l_max":1,"weighting":{"function":"poly","c":1,"m":2}}""",
          "soap spec: 'weighting.r0' must be a number > 0 for function 'poly', and is missing" },
        { """{"kind":"soap","species":["Zn"],"r_cut":5,"n_max":2,"l_max":1,"weighting":{"function":"exp","r0":1,"c":"1","d":0}}""",
          "soap spec: 'weighting.c' must be a number, not \"1\"" },
        { """{"kind":"soap","species":["Zn"],"r_cut":5,"n_max":2,"l_max":1,"weighting":{"w0":-1}}""", "soap spec: 'weighting.w0' must be a number ≥ 0, not -1" },
        { """{"kind":"soap","species":["Zn"],"r_cut":5,"n_max":2,"l_max":1,"weighting":{"R0":1}}""",
          "soap spec: unknown key 'weighting.R0' (known: function, r0, c, d, m, w0, threshold)" },
        { """{"kind":"soap","species":["Zn"],"n_max":2,"l_max":1,"weighting":{"function":"exp","r0":1,"c":0.001,"d":0}}""",
          "soap spec: 'r_cut' inferred from the weighting is -2.3025850929940455; give a positive 'r_cut'" },
        { """{"kind":"soap","species":["Zn"],"r_cut":5,"n_max":2,"l_max":1,"compression":"mu2"}""",
          "soap spec: 'compression' must be an object such as {\"mode\": \"mu2\", \"species_weighting\": null}, not \"mu2\"" },
        { """{"kind":"soap","species":["Zn"],"r_cut":5,"n_max":2,"l_max":1,"compression":{"mode":"mu3"}}""",
          "soap spec: 'compression.mode' must be \"off\", \"crossover\", \"mu2\" or \"mu1nu1\", not \"mu3\"" },
        { """{"kind":"soap","species":["C","Zn"],"r_cut":5,"n_max":2,"l_max":1,"compression":{"mode":"mu2","species_weighting":{"C":1}}}""",
          "soap spec: 'compression.species_weighting' must give a weight for every species; Zn is missing" },
        { """{"kind":"soap","species":["Zn"],"r_cut":5,"n_max":2,"l_max":1,"compression":{"mode":"mu2","species_weighting":["Zn"]}}""",
          "soap spec: 'compression.species_weighting' must be null or an object mapping each species to a weight, e.g. {\"Zn\": 2.0} or {\"30\": 2.0}, not a list" },
        // keys: legacy DScribe names, unknown, repeated, kind
        { """{"kind":"soap","species":["Zn"],"rcut":5,"n_max":2,"l_max":1}""",
          "soap spec: 'rcut' is the argument name of DScribe before 2.0; DScribe 2.1.1 and ZifPhase take \"r_cut\"" },
        { """{"kind":"soap","species":["Zn"],"r_cut":5,"nmax":2,"l_max":1}""",
          "soap spec: 'nmax' is the argument name of DScribe before 2.0; DScribe 2.1.1 and ZifPhase take \"n_max\"" },
        { """{"kind":"soap","species":["Zn"],"r_cut":5,"n_max":2,"lmax":1}""",
          "soap spec: 'lmax' is the argument name of DScribe before 2.0; DScribe 2.1.1 and ZifPhase take \"l_max\"" },
        { """{"kind":"soap","species":["Zn"],"r_cut":5,"n_max":2,"l_max":1,"crossover":true}""",
          "soap spec: 'crossover' is the argument name of DScribe before 2.0; DScribe 2.1.1 and ZifPhase take \"compression\": {\"mode\": \"crossover\"}" },
        { """{"kind":"soap","species":["Zn"],"r_cut":5,"n_max":2,"l_max":1,"bogus":1}""",
          "soap spec: unknown key 'bogus' (known: kind, species, r_cut, n_max, l_max, sigma, rbf, weighting, compression, average, periodic, sparse, dtype)" },
        { """{"kind":"acsf","species":["Zn"],"r_cut":7,"average":"off"}""",
          "acsf spec: unknown key 'average' (known: kind, species, r_cut, g1, g2_params, g3_params, g4_params, g5_params, periodic, sparse, dtype)" },
        { """{"kind":"acsf","species":["Zn"],"r_cut":7,"r_cut":8}""", "descriptor spec: 'r_cut' is given twice" },
        { """{"species":["Zn"],"r_cut":7}""", "descriptor spec: missing 'kind' (\"soap\" or \"acsf\")" },
        { """{"kind":"mbtr","species":["Zn"],"r_cut":7}""", "descriptor spec: 'kind' must be \"soap\" or \"acsf\", not \"mbtr\"" },
        { """[{"kind":"acsf"}]""", "descriptor spec: must be a JSON object such as {\"kind\": \"acsf\", ...}, not a list" },
        { """{"kind":"acsf",""", "descriptor spec: not valid JSON (line 1, byte 15); write one object such as {\"kind\": \"acsf\", \"species\": [\"Zn\"], \"r_cut\": 6.0}" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void RefusedFormsAreOneLineNamingTheKey(string json, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => DescriptorSpec.FromJson(json));
        Assert.Equal(message, e.Message);

        var dir = TestPaths.NewTempDir();
        var spec = Path.Combine(dir, "spec.json");
        File.WriteAllText(spec, json);
        var output = Path.Combine(dir, "out.npy");
        var (code, stdout, stderr) = CliRunner.Run("describe", TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif"), "--spec", spec, "-o", output);
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal($"zifphase: error: {spec}: {message}{Environment.NewLine}", stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void TheSpecsDtypeIsDescribesDefaultOutputPrecision()
    {
        var dir = TestPaths.NewTempDir();
        var structure = Path.Combine(dir, "zn.extxyz");
        ZifPhase.IO.TrajectoryWriter.WriteAll(structure, [LoneZn()]);
        var spec = Path.Combine(dir, "spec.json");
        File.WriteAllText(spec, CanonicalAcsf.Replace("}", ",\"dtype\":\"float64\"}"));
        var output = Path.Combine(dir, "out.npy");
        var (code, _, stderr) = CliRunner.Run("describe", structure, "--spec", spec, "-o", output);
        Assert.True(code == 0, stderr);
        var header = System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(output), 10, 60);
        Assert.Contains("'descr': '<f8'", header);

        (code, _, stderr) = CliRunner.Run("describe", structure, "--spec", spec, "--dtype", "float32", "-o", output);
        Assert.True(code == 0, stderr);
        Assert.Contains("'descr': '<f4'", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(output), 10, 60));
    }
}
