using ZifPhase.Descriptors;
using ZifPhase.Descriptors.Soap;
using ZifPhase.Structures;

namespace ZifPhase.Tests.Descriptors.Soap;

/// <summary>
/// The production descriptor against <see cref="BruteForceSoap"/> for every compression mode, weighting function,
/// species weighting and averaging mode, periodic and not.
/// </summary>
public class SoapBruteForceTests
{
    private static readonly int[] Centres = [0, 5, 17, 33, 40, 67];

    private static readonly Dictionary<string, SoapWeighting?> Weightings = new()
    {
        ["none"] = null,
        ["poly"] = new SoapWeighting { Function = "poly", R0 = 4.5, C = 1.3, M = 2, W0 = 0.4 },
        ["pow"] = new SoapWeighting { Function = "pow", R0 = 1.5, C = 1.1, D = 0.3, M = 2 },
        ["exp"] = new SoapWeighting { Function = "exp", R0 = 1.5, C = 1.1, D = 0.3, W0 = 0.8 },
        ["w0only"] = new SoapWeighting { W0 = 0 },
    };

    public static IEnumerable<object[]> Settings()
    {
        foreach (var mode in Enum.GetValues<SoapCompressionMode>())
            foreach (var weighting in Weightings.Keys)
                foreach (bool speciesWeights in new[] { false, true })
                    foreach (var average in Enum.GetValues<SoapAverage>())
                        yield return [mode, weighting, speciesWeights, average];
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void MatchesBruteForce(SoapCompressionMode mode, string weighting, bool speciesWeights, SoapAverage average)
    {
        var spec = SoapTestSystems.Small(mode) with
        {
            Weighting = Weightings[weighting],
            Average = average,
            Compression = new SoapCompression
            {
                Mode = mode,
                SpeciesWeighting = speciesWeights ? new Dictionary<string, double> { ["H"] = 1.2, ["C"] = 0.7, ["N"] = 1.5, ["Zn"] = 2.0 } : null,
            },
        };
        Check(spec, SoapTestSystems.Triclinic(), Centres);
    }

    [Theory]
    [InlineData(SoapCompressionMode.Off)]
    [InlineData(SoapCompressionMode.Mu2)]
    public void NonPeriodicMatchesBruteForce(SoapCompressionMode mode)
    {
        var spec = SoapTestSystems.Small(mode) with { Periodic = false };
        Check(spec, SoapTestSystems.Triclinic(), Centres);
    }

    [Fact]
    public void PartlyPeriodicCellMatchesBruteForce()
    {
        var frame = SoapTestSystems.Triclinic();
        var cell = frame.Cell.WithPeriodicity(true, false, true);
        Check(SoapTestSystems.Small(), new Frame(frame.Positions, frame.Elements, cell), Centres);
    }

    [Fact]
    public void PaperSettingsMatchBruteForceOnOneCentre()
    {
        var block = SoapReference.Get("c_cubic_one_zn.json", "soap_paper_780_mu2_all_atoms");
        Check(SoapSpec.PaperSoap, block.Frame, [0]);
    }

    private static void Check(SoapSpec spec, Frame frame, int[] centres)
    {
        var soap = new SoapDescriptor(spec);
        var ours = soap.Compute(frame, centres);
        var reference = BruteForceSoap.Compute(spec, soap.Basis, frame, centres);
        Assert.Equal(reference.Length, ours.Length);
        Assert.Equal(soap.RowCount(centres.Length) * soap.Dimension, ours.Length);
        double err = SoapTestSystems.MaxRowDifference(ours, reference, soap.Dimension);
        Assert.True(err <= 1e-10, $"relative difference to brute force {err:E2}");
    }
}
