using Xunit.Abstractions;
using ZifPhase.Descriptors.Soap;

namespace ZifPhase.Tests.Descriptors.Soap;

public class GtoBasisTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Bases() =>
        SoapReference.All.Where(b => b.File == "a_triclinic_periodic.json")
            .GroupBy(b => b.Spec.NMax).Select(g => new object[] { g.First().File, g.First().Name });

    [Theory]
    [MemberData(nameof(Bases))]
    public void AlphasEqualDScribe(string file, string name)
    {
        var block = SoapReference.Get(file, name);
        var basis = GtoBasis.Create(block.Spec.RCut, block.Spec.NMax, block.Spec.LMax);
        double worst = 0;
        for (int l = 0; l <= block.Spec.LMax; l++)
            for (int k = 0; k < block.Spec.NMax; k++)
                worst = Math.Max(worst, Math.Abs(basis.Alpha(l, k) - block.Alphas[l][k]) / Math.Abs(block.Alphas[l][k]));
        output.WriteLine($"n_max {block.Spec.NMax}: max relative alpha deviation {worst:E2}");
        Assert.True(worst <= 1e-12, $"alphas deviate by {worst:E2}");
    }

    [Theory]
    [MemberData(nameof(Bases))]
    public void BetasAreOrthonormalAndCloseToDScribe(string file, string name)
    {
        var block = SoapReference.Get(file, name);
        int nMax = block.Spec.NMax;
        var basis = GtoBasis.Create(block.Spec.RCut, nMax, block.Spec.LMax);
        var dscribe = GtoBasis.FromArrays(block.Alphas, block.Betas);
        double ours = basis.OrthonormalityError(), theirs = dscribe.OrthonormalityError();
        double worstRel = 0;
        for (int l = 0; l <= block.Spec.LMax; l++)
        {
            double norm = 0, diff = 0;
            for (int n = 0; n < nMax; n++)
                for (int k = 0; k < nMax; k++)
                {
                    norm = Math.Max(norm, Math.Abs(block.Betas[l][n][k]));
                    diff = Math.Max(diff, Math.Abs(basis.Beta(l, n, k) - block.Betas[l][n][k]));
                }
            worstRel = Math.Max(worstRel, diff / norm);
        }
        output.WriteLine($"n_max {nMax}: |bSb - I| ours {ours:E2}, DScribe's {theirs:E2}; max |b_ours - b_DScribe| / max|b| = {worstRel:E2}");
        Assert.True(ours <= 1e-10, $"our betas: |bSb - I| = {ours:E2}");
        Assert.True(worstRel <= (nMax <= 4 ? 1e-12 : 1e-5), $"betas deviate from DScribe's by {worstRel:E2}");
    }
}
