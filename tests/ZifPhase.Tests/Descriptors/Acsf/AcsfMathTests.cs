using System.Runtime.Intrinsics;
using ZifPhase.Descriptors;
using ZifPhase.Descriptors.Acsf;

namespace ZifPhase.Tests.Descriptors.Acsf;

/// <summary>
/// The ACSF vector math against scalar <see cref="Math"/> on the ranges the kernels use: exp of −ηR² and
/// −η(R − R_s)² (arguments in [−700, 0], and small positive ones), the cutoff function for R ≤ r_cut, integer
/// powers of the exp base and of the angular factor.
/// </summary>
public class AcsfMathTests
{
    private static double Ulps(double got, double want) => Math.Abs(got - want) / (Math.BitIncrement(Math.Abs(want)) - Math.Abs(want));

    private static double Lane(Vector256<double> v, int i = 0) => v.GetElement(i);

    [Fact]
    public void ExpIsWithinTwoUlps()
    {
        var rng = new Random(5);
        double worst = 0;
        for (int i = 0; i < 20000; i++)
        {
            double x = i % 2 == 0 ? -700 * rng.NextDouble() : 4 * (rng.NextDouble() - 0.5);
            worst = Math.Max(worst, Ulps(Lane(AcsfMath.Exp(Vector256.Create(x))), Math.Exp(x)));
        }
        Assert.True(worst <= 2, $"{worst} ulp");
        Assert.Equal(0.0, Lane(AcsfMath.Exp(Vector256.Create(-800.0))));
        Assert.Equal(1.0, Lane(AcsfMath.Exp(Vector256.Create(0.0))));
    }

    [Fact]
    public void ExpWorksLaneByLane()
    {
        var x = Vector256.Create(-0.5, -30.0, 0.25, -800.0);
        var got = AcsfMath.Exp(x);
        for (int i = 0; i < 3; i++) Assert.True(Ulps(Lane(got, i), Math.Exp(x.GetElement(i))) <= 2);
        Assert.Equal(0.0, Lane(got, 3));
    }

    [Theory]
    [InlineData(13.0)]
    [InlineData(6.0)]
    [InlineData(1.5)]
    public void CutoffFunctionMatchesTheCosineForm(double rc)
    {
        double y = Math.PI / (2 * rc), scale = y * y;
        double worst = 0;
        for (int i = 0; i <= 2000; i++)
        {
            double r = rc * i / 2000.0;
            double want = 0.5 * (Math.Cos(Math.PI * r / rc) + 1);
            double got = Lane(AcsfMath.Fc(Vector256.Create(r * r), scale));
            worst = Math.Max(worst, Math.Abs(got - want));
        }
        Assert.True(worst <= 4e-16, $"{worst}");
        Assert.Equal(1.0, Lane(AcsfMath.Fc(Vector256<double>.Zero, scale)));
    }

    [Fact]
    public void PowersOfTheExpBaseMatchPow()
    {
        var b = Vector256.Create(0.9, 0.5, 0.01, 1.0);
        for (int n = 1; n <= 16; n++)
        {
            var (b2, b4, b8, b16) = AcsfMath.BinaryPowers(b, n);
            var got = AcsfMath.Power(n, b, b2, b4, b8, b16);
            for (int i = 0; i < 4; i++)
                Assert.True(Ulps(Lane(got, i), Math.Pow(b.GetElement(i), n)) <= n, $"n = {n}, lane {i}");
        }
    }

    [Fact]
    public void IntegerPowersMatchPowForPositiveAndNegativeExponents()
    {
        var b = Vector256.Create(0.75, 1.0, 0.5, 0.999);
        foreach (int n in new[] { 0, 1, 2, 3, 4, 7, 16, 64, -1, -3 })
        {
            var got = AcsfMath.IntegerPower(b, n);
            for (int i = 0; i < 4; i++)
                Assert.True(Ulps(Lane(got, i), Math.Pow(b.GetElement(i), n)) <= 2 + Math.Abs(n) / 4.0, $"n = {n}, lane {i}");
        }
    }

    [Fact]
    public void LaneMasksKeepTheFirstLanes()
    {
        var ones = Vector256.Create(1.0);
        for (int n = 0; n <= AcsfMath.W; n++)
            Assert.Equal(n, Vector256.Sum(ones & AcsfMath.LaneMasks[n]));
        Assert.Equal(6.0, Vector256.Sum(AcsfMath.Iota));
    }

    [Fact]
    public void PowerBaseFindsThePapersRatios()
    {
        var etas = AcsfSpec.PaperEtasPerBohr2.Select(e => e / (AcsfSpec.BohrInAngstrom * AcsfSpec.BohrInAngstrom)).ToArray();
        var (beta, powers) = AcsfTables.PowerBase(etas, 13.0 * 13.0);
        Assert.NotNull(powers);
        Assert.Equal([2, 3, 4, 8], powers!);
        for (int e = 0; e < etas.Length; e++) Assert.Equal(etas[e], powers![e] * beta, 1e-15);
        Assert.Null(AcsfTables.PowerBase([0.01, 0.01 * Math.PI], 169).Powers);
    }
}
