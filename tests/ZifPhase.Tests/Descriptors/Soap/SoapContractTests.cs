using Xunit.Abstractions;
using ZifPhase.Descriptors;
using ZifPhase.Structures;

namespace ZifPhase.Tests.Descriptors.Soap;

/// <summary>The descriptor contract for the paper's SOAP (DScribe 2.1.1 settings, 780 values) on ZIF-4, an H crossing the cutoff.</summary>
public sealed class SoapPaperContractTests(ITestOutputHelper output) : DescriptorContractTests(output)
{
    protected override DescriptorSpec Spec => SoapSpec.PaperSoap;
    protected override Element CrossingElement => Element.H;
    // DScribe's cutoff is hard: an atom crossing it takes the tail of one Gaussian with it.
    protected override double CutoffJumpTolerance => 1e-3;
}

/// <summary>Small, fast settings (r_cut 4, n_max 3, l_max 3) on ZIF-zni, an N crossing the cutoff.</summary>
public sealed class SoapSmallContractTests(ITestOutputHelper output) : DescriptorContractTests(output)
{
    protected override DescriptorSpec Spec => SoapTestSystems.Small();
    protected override string[] StructurePath => ["lewis-2009", "zni.cif"];
    protected override Element CrossingElement => Element.N;
    protected override double CutoffJumpTolerance => 1e-3;
}
