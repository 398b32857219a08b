using Xunit.Abstractions;
using ZifPhase.Descriptors;
using ZifPhase.Structures;

namespace ZifPhase.Tests.Descriptors.Soap;

/// <summary>The descriptor contract for the paper's SOAP (DScribe 2.1.1 settings, 780 values) on ZIF-4.</summary>
public sealed class SoapPaperContractTests(ITestOutputHelper output) : DescriptorContractTests(output)
{
    protected override DescriptorSpec Spec => SoapSpec.PaperSoap;
    protected override double InvarianceTolerance => 1e-10;
    // DScribe's cutoff is hard: an H crossing it takes the tail of one Gaussian with it.
    protected override double CutoffJumpTolerance => 1e-3;
    protected override Element CrossingElement => Element.H;
}

/// <summary>The descriptor contract for small, fast SOAP settings (r_cut 4, n_max 3, l_max 3) on ZIF-zni.</summary>
public sealed class SoapSmallContractTests(ITestOutputHelper output) : DescriptorContractTests(output)
{
    protected override DescriptorSpec Spec => SoapTestSystems.Small();
    protected override string[] StructurePath => ["lewis-2009", "zni.cif"];
    protected override double InvarianceTolerance => 1e-10;
    protected override double CutoffJumpTolerance => 1e-3;
    protected override Element CrossingElement => Element.N;
}
