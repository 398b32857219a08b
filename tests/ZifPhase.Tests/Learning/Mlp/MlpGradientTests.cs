using ZifPhase.Learning;

namespace ZifPhase.Tests.Learning;

/// <summary>
/// The real float32 backward pass (Backprop.ForwardBackward, i.e. DenseKernels.WeightGradient and BackwardRelu)
/// against central finite differences of an independent float64 forward pass at the same weights.
/// </summary>
public class MlpGradientTests
{
    // 27 = 16 + 8 + 3 and 9 = 8 + 1 hit the 16-wide, 8-wide and scalar paths of the kernels; 13 rows = 3×4 + 1
    // hits the 4-row blocks and the single-row remainder.
    private static readonly int[] Sizes = [27, 9, 6, 3];
    private const int Rows = 13;
    private const double Alpha = 0.05;

    private static (Mlp Net, float[] X, int[] Y) Problem()
    {
        var net = new Mlp(Sizes, seed: 7);
        var rng = new Random(11);
        var x = new float[Rows * Sizes[0]];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(2 * rng.NextDouble() - 1);
        var y = new int[Rows];
        for (int r = 0; r < Rows; r++) y[r] = r % Sizes[^1];
        return (net, x, y);
    }

    /// <summary>sklearn's loss in float64: mean cross-entropy of softmax + α/(2n)·Σw²; also the smallest |pre-activation| of hidden units.</summary>
    private static double ReferenceLoss(double[][] w, double[][] b, float[] x, int[] y, out double smallestHidden)
    {
        smallestHidden = double.PositiveInfinity;
        double loss = 0;
        for (int r = 0; r < Rows; r++)
        {
            double[] a = [.. x.AsSpan(r * Sizes[0], Sizes[0]).ToArray().Select(v => (double)v)];
            for (int l = 0; l < Sizes.Length - 1; l++)
            {
                int k = Sizes[l], n = Sizes[l + 1];
                var z = new double[n];
                for (int o = 0; o < n; o++)
                {
                    double s = b[l][o];
                    for (int i = 0; i < k; i++) s += w[l][o * k + i] * a[i];
                    z[o] = s;
                }
                if (l < Sizes.Length - 2)
                {
                    for (int o = 0; o < n; o++)
                    {
                        smallestHidden = Math.Min(smallestHidden, Math.Abs(z[o]));
                        z[o] = Math.Max(0, z[o]);
                    }
                }
                a = z;
            }
            double max = a.Max();
            double sum = a.Sum(v => Math.Exp(v - max));
            loss -= a[y[r]] - max - Math.Log(sum);
        }
        loss /= Rows;
        double sq = w.Sum(layer => layer.Sum(v => v * v));
        return loss + 0.5 * Alpha * sq / Rows;
    }

    [Fact]
    public void BackwardMatchesFloat64FiniteDifferencesForEveryWeightAndBias()
    {
        var (net, x, y) = Problem();
        var pass = new Backprop(net, Rows, maxDegreeOfParallelism: 1);
        x.CopyTo(pass.Input, 0);
        double floatLoss = pass.ForwardBackward(y, Rows, Alpha, out _);

        double[][] w = [.. net.Weights.Select(a => a.Select(v => (double)v).ToArray())];
        double[][] b = [.. net.Biases.Select(a => a.Select(v => (double)v).ToArray())];
        double loss = ReferenceLoss(w, b, x, y, out double smallestHidden);
        Assert.Equal(loss, floatLoss, 1e-5);
        // Perturbations of h move pre-activations by far less than this, so no ReLU kink is crossed.
        Assert.True(smallestHidden > 1e-3, $"a hidden pre-activation is {smallestHidden}: too close to the ReLU kink");

        // h = 1e-6: central-difference truncation ~h²·f''' ≈ 1e-12, round-off ~1e-16/h ≈ 1e-10. The float32 gradients
        // carry ~1e-7 relative error per term over sums of ≤ 27×13 terms of O(1): a few 1e-6 absolute at most.
        // Tolerance 2e-5 + 1e-3·|g| is ~100× the float32 error and far below any wrong-formula error (e.g. a missing
        // α·W/n term is α·|W|/n ≈ 1e-3 here, a missing 1/n is a factor 13).
        const double h = 1e-6;
        int checkedCount = 0;
        for (int l = 0; l < Sizes.Length - 1; l++)
        {
            foreach (var (param, grad) in new[] { (w[l], pass.WeightGradients[l]), (b[l], pass.BiasGradients[l]) })
            {
                for (int i = 0; i < param.Length; i++)
                {
                    double keep = param[i];
                    param[i] = keep + h;
                    double up = ReferenceLoss(w, b, x, y, out _);
                    param[i] = keep - h;
                    double down = ReferenceLoss(w, b, x, y, out _);
                    param[i] = keep;
                    double fd = (up - down) / (2 * h);
                    double tol = 2e-5 + 1e-3 * Math.Abs(fd);
                    Assert.True(Math.Abs(grad[i] - fd) <= tol, $"layer {l} parameter {i}: backprop {grad[i]}, finite difference {fd}");
                    checkedCount++;
                }
            }
        }
        Assert.Equal(27 * 9 + 9 + 9 * 6 + 6 + 6 * 3 + 3, checkedCount);
        // The gradients are not trivially zero.
        Assert.True(pass.WeightGradients.Sum(g => g.Sum(Math.Abs)) > 1e-2);
    }

    [Fact]
    public void KernelsGiveTheSameBitsWhateverTheRowOrOutputSplit()
    {
        var (net, x, y) = Problem();
        int k = Sizes[0], n = Sizes[1];
        var whole = new float[Rows * n];
        var split = new float[Rows * n];
        DenseKernels.Forward(x, k, net.Weights[0], net.Biases[0], n, whole, 0, Rows, relu: true);
        DenseKernels.Forward(x, k, net.Weights[0], net.Biases[0], n, split, 0, 3, relu: true);
        DenseKernels.Forward(x, k, net.Weights[0], net.Biases[0], n, split, 3, 9, relu: true);
        DenseKernels.Forward(x, k, net.Weights[0], net.Biases[0], n, split, 9, 10, relu: true);
        DenseKernels.Forward(x, k, net.Weights[0], net.Biases[0], n, split, 10, Rows, relu: true);
        Assert.Equal(whole, split);
        Assert.Contains(whole, v => v > 0);

        var dT = new float[n * Rows];
        for (int i = 0; i < dT.Length; i++) dT[i] = MathF.Sin(i * 0.37f);
        var g1 = new float[n * k]; var gb1 = new float[n];
        var g2 = new float[n * k]; var gb2 = new float[n];
        var xT = new float[x.Length];
        DenseKernels.Transpose(x, Rows, k, xT);
        Assert.Equal(x[4 * k + 7], xT[7 * Rows + 4]);
        DenseKernels.WeightGradient(dT, xT, Rows, k, net.Weights[0], 0.1f, g1, gb1, 0, n);
        DenseKernels.WeightGradient(dT, xT, Rows, k, net.Weights[0], 0.1f, g2, gb2, 0, 5);
        DenseKernels.WeightGradient(dT, xT, Rows, k, net.Weights[0], 0.1f, g2, gb2, 5, n);
        Assert.Equal(g1, g2);
        Assert.Equal(gb1, gb2);
        // Spot check one element against a plain loop.
        double s = 0;
        for (int r = 0; r < Rows; r++) s += dT[5 * Rows + r] * (double)x[r * k + 20];
        Assert.Equal((s + 0.1 * net.Weights[0][5 * k + 20]) / Rows, g1[5 * k + 20], 1e-5);
    }
}
