using ZifPhase.Learning;

namespace ZifPhase.Tests.Learning.Ensemble;

public class NoveltyDetectorTests
{
    [Fact]
    public void ScoreIsTheMahalanobisDistanceToTheNearestClassMeanWithTheShrunkTiedCovariance()
    {
        // Two classes in 2-d: class 0 at (±1, ±2) around (0, 0), class 1 the same around (10, 0). Tied covariance
        // diag(1, 4); trace/d = 2.5, λ = 0.01 → S = diag(1.025, 4.025).
        float[] points = [1, 2, -1, 2, 1, -2, -1, -2, 11, 2, 9, 2, 11, -2, 9, -2];
        int[] labels = [0, 0, 0, 0, 1, 1, 1, 1];
        var d = NoveltyDetector.Fit(NoveltySpace.Descriptor, points, 2, labels, 2, shrinkage: 0.01, percentile: 50);
        Assert.Equal([0, 1], d.Classes);
        Assert.Equal([0, 0, 10, 0], d.Means);
        Assert.Equal(1.025, d.Covariance[0], 12);
        Assert.Equal(4.025, d.Covariance[3], 12);
        Assert.Equal(0, d.Covariance[1], 12);
        var scratch = new double[2];
        Assert.Equal(Math.Sqrt(9 / 1.025 + 16 / 4.025), d.Score([3, 4], scratch), 10);       // nearest: class 0
        Assert.Equal(Math.Sqrt(1 / 1.025 + 1 / 4.025), d.Score([9, -1], scratch), 10);       // nearest: class 1
        // Every training point lies at the same distance, so the median is that distance.
        Assert.Equal(Math.Sqrt(1 / 1.025 + 4 / 4.025), d.Threshold, 10);
        Assert.False(d.IsUnknown(d.Score([0, 0], scratch)));
        Assert.True(d.IsUnknown(d.Score([5, 0], scratch)));
    }

    [Fact]
    public void PercentileInterpolatesLikeNumPy()
    {
        double[] sorted = [1, 2, 3, 4, 5];
        Assert.Equal(3, NoveltyDetector.PercentileOf(sorted, 50));
        Assert.Equal(4.996, NoveltyDetector.PercentileOf(sorted, 99.9), 12);     // numpy.percentile([1,2,3,4,5], 99.9)
        Assert.Equal(5, NoveltyDetector.PercentileOf(sorted, 100));
    }

    [Fact]
    public void ScoresDoNotDependOnThreadsAndAConstantDirectionStaysFinite()
    {
        var rng = new Random(3);
        int n = 500, dim = 5;
        var points = new float[n * dim];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i % 2;
            for (int j = 0; j < dim; j++) points[i * dim + j] = j == 4 ? 0f : (float)(rng.NextDouble() + 3 * labels[i]);   // feature 4 is constant (a dead unit)
        }
        var one = NoveltyDetector.Fit(NoveltySpace.Hidden, points, dim, labels, 2, maxDegreeOfParallelism: 1);
        var two = NoveltyDetector.Fit(NoveltySpace.Hidden, points, dim, labels, 2, maxDegreeOfParallelism: 2);
        Assert.Equal(one.Covariance, two.Covariance);
        Assert.Equal(one.Threshold, two.Threshold);
        var s1 = new double[n];
        var s2 = new double[n];
        one.Scores(points, s1, 1);
        one.Scores(points, s2, 2);
        Assert.Equal(s1, s2);
        // 99.9th percentile: at most one of 500 training points (0.1 % → 0.5) lies above the threshold.
        Assert.True(s1.Count(one.IsUnknown) <= 1);
        // A point that moves along the constant direction is far out, but finite.
        var odd = new float[dim];
        Array.Copy(points, odd, dim);
        odd[4] = 0.5f;
        double score = one.Score(odd, new double[dim]);
        Assert.True(double.IsFinite(score) && one.IsUnknown(score), $"score {score}, threshold {one.Threshold}");
    }
}
