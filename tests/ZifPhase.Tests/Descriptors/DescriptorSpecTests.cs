using System.Text.Json.Nodes;
using ZifPhase.Descriptors;
using ZifPhase.Learning;

namespace ZifPhase.Tests.Descriptors;

public class DescriptorSpecTests
{
    [Fact]
    public void ReadsTheSoapExampleWithDScribeNames()
    {
        var spec = DescriptorSpec.FromJson("""
            {"kind":"soap","species":["H","C","N","Zn"],"r_cut":9.0,"n_max":12,"l_max":9,"sigma":1.0,"rbf":"gto",
             "compression":{"mode":"mu2"},"weighting":null,"average":"off","periodic":true}
            """);
        var soap = Assert.IsType<SoapSpec>(spec);
        Assert.Equal(["H", "C", "N", "Zn"], soap.Species);
        Assert.Equal(9.0, soap.RCut);
        Assert.Equal(12, soap.NMax);
        Assert.Equal(9, soap.LMax);
        Assert.Equal(SoapCompressionMode.Mu2, soap.Compression.Mode);
        Assert.Null(soap.Weighting);
        Assert.Equal(SoapAverage.Off, soap.Average);
        Assert.Equal(SoapSpec.PaperSoap with { }, soap with { Species = SoapSpec.PaperSoap.Species });
    }

    [Fact]
    public void ReadsTheAcsfExampleWithDScribeNames()
    {
        var spec = DescriptorSpec.FromJson("""
            {"kind":"acsf","species":["Zn"],"r_cut":13.0,"g1":true,"g2_params":[[0.5,0.0]],"g3_params":[[1.5]],
             "g4_params":[[0.1,1.0,-1.0]],"g5_params":[[0.2,2.0,1.0]],"periodic":true}
            """);
        var acsf = Assert.IsType<AcsfSpec>(spec);
        Assert.Equal(13.0, acsf.RCut);
        Assert.Equal([0.5, 0.0], acsf.G2Params[0]);
        Assert.Equal([1.5], acsf.G3Params[0]);
        Assert.Equal([0.1, 1.0, -1.0], acsf.G4Params[0]);
        Assert.Equal([0.2, 2.0, 1.0], acsf.G5Params[0]);
    }

    [Theory]
    [InlineData("paper-soap")]
    [InlineData("paper-bpsf")]
    public void PresetsRoundTripThroughJson(string name)
    {
        var spec = Presets.Get(name, "descriptor").Descriptor;
        var json = spec.ToJson();
        var node = JsonNode.Parse(json)!.AsObject();
        Assert.Equal(name == "paper-soap" ? "soap" : "acsf", (string)node["kind"]!);
        Assert.True(node.ContainsKey("r_cut"));
        var back = DescriptorSpec.FromJson(json);
        Assert.Equal(json, back.ToJson());
    }

    [Fact]
    public void PaperBpsfHasTheTwelvePaperFunctionsInOrder()
    {
        var bpsf = AcsfSpec.PaperBpsf;
        const double bohr2 = 0.529177210903 * 0.529177210903;
        Assert.Equal(4, bpsf.G2Params.Count);
        Assert.Equal(8, bpsf.G4Params.Count);
        double[] etas = [0.005 / bohr2, 0.0075 / bohr2, 0.01 / bohr2, 0.02 / bohr2];
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(etas[i], bpsf.G2Params[i][0], 1e-15);
            Assert.Equal(0.0, bpsf.G2Params[i][1]);
            Assert.Equal([etas[i], 1.0, 1.0], bpsf.G4Params[i]);
            Assert.Equal([etas[i], 1.0, -1.0], bpsf.G4Params[4 + i]);
        }
        // The refs' value for η = 0.005 Bohr⁻² used 0.529177 Å: 0.017855338362914065; CODATA differs by 8e-7 relative.
        Assert.Equal(0.017855338362914065, etas[0], 2e-8);
    }

    [Theory]
    [InlineData("""{"kind":"soap","species":["H"],"r_cut":9,"n_max":4,"l_max":3,"bogus":1}""", "bogus")]
    [InlineData("""{"kind":"soap","species":["Xx"],"r_cut":9,"n_max":4,"l_max":3}""", "Xx")]
    [InlineData("""{"kind":"soap","species":["H"],"r_cut":-1,"n_max":4,"l_max":3}""", "r_cut")]
    [InlineData("""{"kind":"soap","species":["H"],"r_cut":9,"n_max":4,"l_max":12}""", "l_max")]
    [InlineData("""{"kind":"acsf","species":["Zn"],"r_cut":13,"g2_params":[[1.0]]}""", "g2_params")]
    [InlineData("""{"kind":"mbtr","species":["Zn"],"r_cut":13}""", "mbtr")]
    [InlineData("""{"kind":"soap","species":["H"],"r_cut":9,"l_max":3}""", "n_max")]
    [InlineData("{}", "kind")]
    public void InvalidSpecsNameTheProblem(string json, string named)
    {
        var e = Assert.Throws<ArgumentException>(() => DescriptorSpec.FromJson(json));
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public void SpeciesAreSortedByAtomicNumber() =>
        Assert.Equal(["H", "C", "N", "Zn"], new SoapSpec { Species = ["Zn", "N", "H", "C", "N"], RCut = 5, NMax = 2, LMax = 1 }
            .SortedSpecies.Select(e => e.Symbol));
}
