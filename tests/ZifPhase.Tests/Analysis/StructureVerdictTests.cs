using ZifPhase.Analysis;

namespace ZifPhase.Tests.Analysis;

public class StructureVerdictTests
{
    private static KeyValuePair<string, int> C(string phase, int n) => new(phase, n);

    [Fact]
    public void EqualCountsAreATieNotAWin()
    {
        // widmer-2019/ZIF-4-cp-II.cif under SOAP: 8 ZIF-4 + 8 ZIF-4-cp-II is a tie, not "ZIF-4 (50 %)" and not right.
        var tie = StructureVerdict.Of([C("ZIF-4", 8), C("ZIF-4-cp-II", 8), C("glass", 0)], "ZIF-4-cp-II");
        Assert.Equal(VerdictKind.Tie, tie.Kind);
        Assert.False(tie.IsRight);
        Assert.Equal(16, tie.Zn);
        Assert.Equal("tie: ZIF-4 / ZIF-4-cp-II", tie.Text);
        Assert.Equal("8 ZIF-4, 8 ZIF-4-cp-II", tie.CountsText);
        // Strictly more than any other phase: right.
        var right = StructureVerdict.Of([C("ZIF-4", 7), C("ZIF-4-cp-II", 9)], "ZIF-4-cp-II");
        Assert.Equal((VerdictKind.Right, "✓ right", "9 ZIF-4-cp-II, 7 ZIF-4"), (right.Kind, right.Text, right.CountsText));
        // Most Zn are another phase: wrong, naming it.
        var wrong = StructureVerdict.Of([C("ZIF-4", 10), C("ZIF-4-cp-II", 6)], "ZIF-4-cp-II");
        Assert.Equal((VerdictKind.Wrong, "✗ wrong: ZIF-4"), (wrong.Kind, wrong.Text));
        // A plurality (not a majority) is enough; a tie between two other phases is still a tie.
        Assert.True(StructureVerdict.Of([C("glass", 5), C("liquid", 4), C("ZIF-4", 4)], "glass").IsRight);
        Assert.Equal("tie: ZIF-4 / ZIF-zni", StructureVerdict.Of([C("glass", 3), C("ZIF-zni", 5), C("ZIF-4", 5)], "glass").Text);
    }
}
