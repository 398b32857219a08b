using Xunit.Abstractions;
using ZifPhase.Descriptors;

namespace ZifPhase.Tests.Descriptors.Acsf;

/// <summary>The descriptor contract (smooth cutoff) for the paper's 12 BPSF (G2 and G4 of the Zn, ζ = 1: the moment kernel) on ZIF-4.</summary>
public sealed class AcsfPaperBpsfContractTests(ITestOutputHelper output) : DescriptorContractTests(output)
{
    protected override DescriptorSpec Spec => AcsfSpec.PaperBpsf;
}

/// <summary>
/// Every term: two species (N, Zn), G2 with and without R_s, G3, G4 and G5 with ζ = 1, 2 and 4 (the general
/// angular kernel), on ZIF-zni.
/// </summary>
public sealed class AcsfAllTermsContractTests(ITestOutputHelper output) : DescriptorContractTests(output)
{
    protected override DescriptorSpec Spec => new AcsfSpec
    {
        Species = ["Zn", "N"],
        RCut = 6.5,
        G2Params = [[0.05, 0], [0.4, 3.2]],
        G3Params = [[1.3]],
        G4Params = [[0.02, 1, 1], [0.03, 2, -1], [0.005, 4, 1]],
        G5Params = [[0.01, 1, -1], [0.04, 2, 1]],
    };

    protected override string[] StructurePath => ["lewis-2009", "zni.cif"];
}

/// <summary>G4 and G5 all with ζ = 1 (the moment kernel for both), G1 dropped, on ZIF-zni.</summary>
public sealed class AcsfMomentContractTests(ITestOutputHelper output) : DescriptorContractTests(output)
{
    protected override DescriptorSpec Spec => new AcsfSpec
    {
        Species = ["N", "Zn"],
        RCut = 7.0,
        G1 = false,
        G2Params = [[0.05, 0]],
        G4Params = [[0.01, 1, 1], [0.02, 1, -1], [0.04, 1, 1]],
        G5Params = [[0.01, 1, -1], [0.03, 1, 1]],
    };

    protected override string[] StructurePath => ["lewis-2009", "zni.cif"];
}
