using Xunit.Abstractions;
using ZifPhase.Descriptors;
using ZifPhase.Descriptors.Soap;

namespace ZifPhase.Tests.Descriptors.Soap;

/// <summary>Agreement with DScribe 2.1.1 on every SOAP block of every reference file, ‖ours − ref‖/‖ref‖ per vector.</summary>
public class SoapReferenceTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Blocks() => SoapReference.BlockNames();

    internal static double MaxRelativeError(SoapReferenceBlock block, double[] ours, int dimension)
    {
        double worst = 0;
        for (int c = 0; c < block.Centres.Length; c++)
        {
            double diff = 0, norm = 0;
            for (int f = 0; f < dimension; f++)
            {
                double r = block.Output[c][f];
                double d = ours[c * dimension + f] - r;
                diff += d * d;
                norm += r * r;
            }
            worst = Math.Max(worst, Math.Sqrt(diff / norm));
        }
        return worst;
    }

    private double Run(SoapReferenceBlock block, SoapDescriptor soap, string label)
    {
        Assert.Equal(block.Output[0].Length, soap.Dimension);
        var rows = soap.Compute(block.Frame, block.Centres);
        double err = MaxRelativeError(block, rows, soap.Dimension);
        output.WriteLine($"{block}: {label}: max ‖ours − ref‖/‖ref‖ = {err:E2}");
        return err;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void OwnBasisMatchesDScribe(string file, string name)
    {
        var block = SoapReference.Get(file, name);
        double err = Run(block, new SoapDescriptor(block.Spec), "own basis, spline");
        Assert.True(err <= (block.Spec.NMax <= 4 ? 1e-8 : 1e-5), $"relative error {err:E2}");
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void InjectedBasisMatchesDScribeClosely(string file, string name)
    {
        var block = SoapReference.Get(file, name);
        var basis = GtoBasis.FromArrays(block.Alphas, block.Betas);
        double exact = Run(block, new SoapDescriptor(block.Spec, basis, RadialEvaluation.Exact), "DScribe's basis, exact radial sums");
        double spline = Run(block, new SoapDescriptor(block.Spec, basis, RadialEvaluation.Spline), "DScribe's basis, spline");
        Assert.True(exact <= 1e-10, $"exact path: relative error {exact:E2}");
        Assert.True(spline <= 1e-9, $"spline path: relative error {spline:E2}");
    }
}
