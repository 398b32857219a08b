using Xunit.Abstractions;
using ZifPhase.Descriptors;
using ZifPhase.Descriptors.Acsf;
using ZifPhase.Structures;
using static ZifPhase.Tests.Descriptors.Acsf.AcsfTestSupport;

namespace ZifPhase.Tests.Descriptors.Acsf;

/// <summary>Agreement with DScribe 2.1.1 (refs/dscribe/*.json, blocks of class ACSF).</summary>
public class AcsfReferenceTests(ITestOutputHelper output)
{
    public static TheoryData<string> Files => ReferenceFiles();

    [Fact]
    public void EveryReferenceFileHasAnAcsfBlock()
    {
        var files = Directory.GetFiles(RefsDir, "*.json");
        Assert.True(files.Length >= 4, $"expected the DScribe reference files in {RefsDir}");
        foreach (var f in files) Assert.NotEmpty(Load(Path.GetFileName(f)));
    }

    /// <summary>Every block with its own DScribe arguments, on the structure DScribe was given: ≤ 1e-10 per vector.</summary>
    [Theory]
    [MemberData(nameof(Files))]
    public void MatchesDScribeWithItsOwnArguments(string file)
    {
        foreach (var r in Load(file))
        {
            var d = new AcsfDescriptor(r.Spec, 1);
            Assert.Equal(r.Output[0].Length, d.Dimension);
            var rows = d.Compute(r.Structure, r.Centres);
            double worst = 0, worstElement = 0;
            for (int c = 0; c < r.Centres.Length; c++)
            {
                var row = rows.AsSpan(c * d.Dimension, d.Dimension);
                worst = Math.Max(worst, RelativeError(row, r.Output[c]));
                worstElement = Math.Max(worstElement, MaxElementError(row, r.Output[c]));
            }
            output.WriteLine($"{file} {r.Name}: {r.Centres.Length} centres, max ‖Δ‖/‖ref‖ = {worst:E2}, max element |Δ|/|ref| = {worstElement:E2}");
            Assert.True(worst <= 1e-10, $"{file} {r.Name}: relative error {worst:E2}");
            Assert.True(worstElement <= 1e-10, $"{file} {r.Name}: element error {worstElement:E2}");
        }
    }

    /// <summary>
    /// The Zn-only blocks again, on the full structure (N, C, H present) with species Zn: the other atoms are not
    /// neighbours, so the rows equal DScribe's on the Zn-only structure.
    /// </summary>
    [Theory]
    [MemberData(nameof(Files))]
    public void FullStructureWithSpeciesZnGivesTheZnOnlyRows(string file)
    {
        foreach (var r in Load(file).Where(r => r.OnZnOnly))
        {
            Assert.Contains(r.Full.Elements, e => e != Element.Zn);
            var d = new AcsfDescriptor(r.Spec, 1);
            var centres = r.Centres.Select(c => r.ZnIndicesInFull[c]).ToArray();
            Assert.All(centres, c => Assert.Equal(Element.Zn, r.Full.Elements[c]));
            var rows = d.Compute(r.Full, centres);
            double worst = 0;
            for (int c = 0; c < centres.Length; c++)
                worst = Math.Max(worst, RelativeError(rows.AsSpan(c * d.Dimension, d.Dimension), r.Output[c]));
            output.WriteLine($"{file} {r.Name} on the full structure ({r.Full.AtomCount} atoms): max ‖Δ‖/‖ref‖ = {worst:E2}");
            Assert.True(worst <= 1e-10, $"{file}: relative error {worst:E2}");
        }
    }

    /// <summary>
    /// AcsfSpec.PaperBpsf is the references' configuration except for η: the preset converts Bohr⁻² with CODATA's
    /// 0.529177210903 Å, the references with 0.529177 Å, so η differs by the factor (0.529177/0.529177210903)²,
    /// δ = |factor − 1| ≈ 8.0e-7. A term exp(−η X) with X ≤ 3 r_cut² (G4) changes by at most δ·η·X relatively, so
    /// every value may differ by δ·η·3r_cut² relative (≤ 2.9e-5 for the largest η); the test allows exactly that
    /// bound (plus 1e-12) and checks that the difference is really there (the preset is not the references' η).
    /// </summary>
    [Theory]
    [MemberData(nameof(Files))]
    public void PaperPresetMatchesWithinTheBohrConversionDifference(string file)
    {
        var preset = AcsfSpec.PaperBpsf;
        foreach (var r in Load(file).Where(r => r.OnZnOnly && r.Name.Contains("paper", StringComparison.OrdinalIgnoreCase)))
        {
            // Same layout and parameters up to the η factor.
            Assert.Equal(r.Spec.Species, preset.Species);
            Assert.Equal(r.Spec.RCut, preset.RCut);
            Assert.Equal(r.Spec.G2Params.Count, preset.G2Params.Count);
            Assert.Equal(r.Spec.G4Params.Count, preset.G4Params.Count);
            Assert.Empty(r.Spec.G3Params);
            Assert.Empty(r.Spec.G5Params);
            double factor = Math.Pow(0.529177 / AcsfSpec.BohrInAngstrom, 2);
            double delta = Math.Abs(factor - 1);
            var pairs = r.Spec.G2Params.Zip(preset.G2Params).Concat(r.Spec.G4Params.Zip(preset.G4Params));
            foreach (var (refRow, presetRow) in pairs)
            {
                Assert.Equal(refRow[0] * factor, presetRow[0], 1e-15);
                for (int q = 1; q < refRow.Length; q++) Assert.Equal(refRow[q], presetRow[q]);
            }

            var d = new AcsfDescriptor(preset, 1);
            var rows = d.Compute(r.Structure, r.Centres);
            double etaMax = preset.G2Params.Concat(preset.G4Params).Max(p => p[0]);
            double bound = delta * etaMax * 3 * preset.RCut * preset.RCut + 1e-12;
            double worst = 0, smallest = double.PositiveInfinity;
            for (int c = 0; c < r.Centres.Length; c++)
            {
                // The preset drops DScribe's G1 (column 0 of the references): the paper's 12 BPSF.
                var row = rows.AsSpan(c * d.Dimension, d.Dimension);
                var reference = r.Output[c][1..];
                double e = MaxElementError(row, reference);
                worst = Math.Max(worst, e);
                smallest = Math.Min(smallest, RelativeError(row, reference));
            }
            output.WriteLine($"{file}: preset vs refs max element |Δ|/|ref| = {worst:E2} (bound {bound:E2})");
            Assert.True(worst <= bound, $"{file}: {worst:E2} > {bound:E2}");
            Assert.True(smallest > 1e-12, "the preset's CODATA η should differ measurably from the references' η");
        }
    }

    [Fact]
    public void PaperPresetLayoutAndNames()
    {
        Assert.False(AcsfSpec.PaperBpsf.G1);
        var d = new AcsfDescriptor(AcsfSpec.PaperBpsf);
        Assert.Equal(12, d.Dimension);
        Assert.Equal(13, d.RowWidth);
        Assert.Equal(13.0, d.Cutoff);
        Assert.Equal([Element.Zn], d.NeighborElements);
        Assert.Equal(12, d.FeatureNames.Count);
        Assert.Equal("G2_Zn_eta0.01786_rs0", d.FeatureNames[0]);
        Assert.Equal("G2_Zn_eta0.07142_rs0", d.FeatureNames[3]);
        Assert.Equal("G4_Zn-Zn_eta0.01786_zeta1_lambda1", d.FeatureNames[4]);
        Assert.Equal("G4_Zn-Zn_eta0.07142_zeta1_lambda1", d.FeatureNames[7]);
        Assert.Equal("G4_Zn-Zn_eta0.01786_zeta1_lambda-1", d.FeatureNames[8]);
        Assert.Equal("G4_Zn-Zn_eta0.07142_zeta1_lambda-1", d.FeatureNames[11]);
        Assert.Same(AcsfSpec.PaperBpsf, d.Spec);
        Assert.Same(AcsfSpec.PaperBpsf, ((IDescriptor)d).Spec);
    }
}
