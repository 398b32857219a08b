using ZifPhase.Analysis;

namespace ZifPhase.Tests.Analysis;

public class TransitionAlignmentTests
{
    [Fact]
    public void T0OfAPiecewiseLinearSeriesIsExact()
    {
        // 0 until t = 2, then rising 0.2 per unit of time: 0.5 is reached at t = 4.5, between frames at 4 and 5.
        double[] t = [0, 1, 2, 3, 4, 5, 6, 7];
        double[] f = [0, 0, 0, 0.2, 0.4, 0.6, 0.8, 1.0];
        Assert.Equal(4.5, TransitionAlignment.T0(t, f)!.Value, 1e-15);
        // Uneven spacing and a later dip below 0.5: the first crossing counts.
        Assert.Equal(1 + 1.0 / 3, TransitionAlignment.T0([0, 1, 2, 3], [0.1, 0.3, 0.9, 0.2])!.Value, 1e-15);
        Assert.Null(TransitionAlignment.T0([0, 1], [0.1, 0.49]));
        Assert.Equal(0.0, TransitionAlignment.T0([0, 1], [0.5, 0.7])!.Value);
    }

    [Fact]
    public void AlignShiftsEachRunToItsT0()
    {
        var a = new TransitionSeries("a", [0, 1, 2], [0, 0.5, 1], [3, 2, 1]);
        var b = new TransitionSeries("b", [10, 20, 30], [0, 0.25, 0.75], [3, 2, 1]);
        var c = new TransitionSeries("c", [0, 1], [0, 0.1], [1, 1]);
        var (aligned, never) = TransitionAlignment.Align([a, b, c]);
        Assert.Equal(["c"], never);
        Assert.Equal(1.0, aligned[0].T0);
        Assert.Equal([-1.0, 0.0, 1.0], aligned[0].Series.Time);
        Assert.Equal(25.0, aligned[1].T0, 1e-12);
        Assert.Equal([-15.0, -5.0, 5.0], aligned[1].Series.Time);
    }
}
