using ZifPhase.Learning;

namespace ZifPhase.Tests.Learning;

public class MlpScalerTests
{
    // Rows 0–3 are training rows; row 4 is an extreme outlier that must never be seen.
    private static readonly float[] Matrix =
    [
        1, 5, 2,
        3, 5, 4,
        5, 5, 6,
        7, 5, 0,
        1e6f, -1e6f, 1e6f,
    ];
    private static readonly int[] TrainingRows = [3, 0, 2, 1];

    [Fact]
    public void MinMaxMapsTrainingRangeToUnitIntervalAndConstantColumnsKeepScaleOne()
    {
        var s = Scaler.Fit(ScalerKind.MinMax, Matrix, 3, TrainingRows);
        Assert.Equal(ScalerKind.MinMax, s.Kind);
        Assert.Equal([1.0, 5.0, 0.0], s.Offset);
        Assert.Equal(1.0 / 6, s.Scale[0], 1e-15);
        Assert.Equal(1.0, s.Scale[1]);
        Assert.Equal(1.0 / 6, s.Scale[2], 1e-15);
        var output = new float[12];
        s.Transform(Matrix.AsSpan(0, 12), output);
        Assert.Equal([0f, 0f, 1f / 3, 1f / 3, 0f, 2f / 3, 2f / 3, 0f, 1f, 1f, 0f, 0f], output, (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void StandardGivesMeanZeroPopulationStdOne()
    {
        var s = Scaler.Fit(ScalerKind.Standard, Matrix, 3, TrainingRows);
        Assert.Equal([4.0, 5.0, 3.0], s.Offset);
        Assert.Equal(1 / Math.Sqrt(5), s.Scale[0], 1e-15);   // population variance (9+1+1+9)/4 = 5
        Assert.Equal(1.0, s.Scale[1]);
        Assert.Equal(1 / Math.Sqrt(5), s.Scale[2], 1e-15);
        var output = new float[12];
        s.Transform(Matrix.AsSpan(0, 12), output);
        for (int c = 0; c < 3; c++)
        {
            double mean = 0, sq = 0;
            for (int r = 0; r < 4; r++) mean += output[r * 3 + c] / 4.0;
            for (int r = 0; r < 4; r++) sq += (output[r * 3 + c] - mean) * (output[r * 3 + c] - mean) / 4.0;
            Assert.Equal(0, mean, 1e-6);
            Assert.Equal(c == 1 ? 0 : 1, sq, 1e-6);
        }
        Assert.Equal((float)(-3 / Math.Sqrt(5)), output[0]);
    }

    [Fact]
    public void VectorTransformEqualsTheScalarFormulaBitForBit()
    {
        // 19 columns: two 8-wide blocks and a scalar tail.
        var rng = new Random(4);
        var x = new float[7 * 19];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 10 - 3);
        var s = Scaler.Fit(ScalerKind.Standard, x, 19, [0, 1, 2, 3, 4, 5, 6]);
        var y = new float[x.Length];
        s.Transform(x, y);
        for (int i = 0; i < x.Length; i++)
            Assert.Equal((float)((x[i] - s.Offset[i % 19]) * s.Scale[i % 19]), y[i]);
    }

    [Fact]
    public void NoneIsIdentity()
    {
        var s = Scaler.Fit(ScalerKind.None, Matrix, 3, TrainingRows);
        var output = new float[Matrix.Length];
        s.Transform(Matrix, output);
        Assert.Equal(Matrix, output);
    }

    [Fact]
    public void TrainerFitsScalerOnTrainingRowsOnly()
    {
        // Four separable training rows plus two outliers with labels that are not training rows.
        float[] features = [0, 0, 1, 1, 0, 1, 1, 0, -1e6f, 1e6f, 1e6f, -1e6f];
        int[] labels = [0, 1, 0, 1, 1, 0];
        var opts = new TrainingOptions { Hidden = [4], MaxEpochs = 2, BatchSize = 4, Scaler = ScalerKind.MinMax, EarlyStopping = EarlyStopping.None };
        var result = Trainer.Fit(features, 2, labels, 2, [0, 1, 2, 3], opts);
        Assert.Equal([0.0, 0.0], result.Scaler.Offset);
        Assert.Equal([1.0, 1.0], result.Scaler.Scale);
        var std = Trainer.Fit(features, 2, labels, 2, [0, 1, 2, 3], opts with { Scaler = ScalerKind.Standard });
        Assert.Equal([0.5, 0.5], std.Scaler.Offset);
        Assert.Equal([2.0, 2.0], std.Scaler.Scale);
    }

    [Fact]
    public void RejectsMismatchedShapes()
    {
        Assert.Throws<ArgumentException>(() => Scaler.Fit(ScalerKind.Standard, Matrix, 4, TrainingRows));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scaler.Fit(ScalerKind.Standard, Matrix, 3, [5]));
        Assert.Throws<ArgumentException>(() => new Scaler(ScalerKind.Standard, [0.0], [1.0, 2.0]));
    }
}
