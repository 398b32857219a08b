using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ZifPhase.Learning;

/// <summary>
/// Adam (Kingma &amp; Ba) as scikit-learn's AdamOptimizer: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g²,
/// p ← p − lr_t·m / (√v + ε) with the bias correction folded into lr_t = lr·√(1−β2^t)/(1−β1^t).
/// Moments and parameters are float32; lr_t is computed in double.
/// </summary>
public sealed class Adam
{
    private readonly float[][] _m;
    private readonly float[][] _v;

    /// <summary>lr, the base step size (scikit-learn's learning_rate_init, default 1e-3).</summary>
    public double LearningRate { get; }
    /// <summary>β1, the decay of the first-moment (mean) estimate (default 0.9).</summary>
    public double Beta1 { get; }
    /// <summary>β2, the decay of the second-moment (uncentred variance) estimate (default 0.999).</summary>
    public double Beta2 { get; }
    /// <summary>ε, added to √v in the denominator for stability (default 1e-8).</summary>
    public double Epsilon { get; }
    /// <summary>Number of updates so far (sklearn's t).</summary>
    public int Step { get; private set; }

    /// <summary>
    /// An optimiser with zero moments for parameter arrays of the given lengths, in the order <see cref="Update(IReadOnlyList{float[]}, IReadOnlyList{float[]})"/> receives them.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="parameterLengths"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">lr ≤ 0, β1 or β2 outside [0, 1), or ε ≤ 0.</exception>
    public Adam(IEnumerable<int> parameterLengths, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(parameterLengths);
        if (!(learningRate > 0)) throw new ArgumentOutOfRangeException(nameof(learningRate));
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1));
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2));
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon));
        var lengths = parameterLengths.ToArray();
        _m = [.. lengths.Select(n => new float[n])];
        _v = [.. lengths.Select(n => new float[n])];
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>One update of every parameter array with its gradient (same order and lengths as the constructor's).</summary>
    public void Update(IReadOnlyList<float[]> parameters, IReadOnlyList<float[]> gradients)
    {
        if (parameters.Count != _m.Length || gradients.Count != _m.Length)
            throw new ArgumentException($"expected {_m.Length} parameter and gradient arrays");
        Step++;
        double lrT = LearningRate * Math.Sqrt(1 - Math.Pow(Beta2, Step)) / (1 - Math.Pow(Beta1, Step));
        for (int a = 0; a < _m.Length; a++)
        {
            if (parameters[a].Length != _m[a].Length || gradients[a].Length != _m[a].Length)
                throw new ArgumentException($"array {a}: expected {_m[a].Length} values");
            Update(parameters[a], gradients[a], _m[a], _v[a], (float)Beta1, (float)Beta2, (float)Epsilon, (float)lrT);
        }
    }

    private static void Update(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float b1, float b2, float eps, float lr)
    {
        float c1 = 1f - b1, c2 = 1f - b2;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vp = MemoryMarshal.Cast<float, Vector256<float>>(p);
            var vg = MemoryMarshal.Cast<float, Vector256<float>>(g);
            var vm = MemoryMarshal.Cast<float, Vector256<float>>(m);
            var vv = MemoryMarshal.Cast<float, Vector256<float>>(v);
            var B1 = Vector256.Create(b1); var B2 = Vector256.Create(b2);
            var C1 = Vector256.Create(c1); var C2 = Vector256.Create(c2);
            var E = Vector256.Create(eps); var L = Vector256.Create(lr);
            for (int j = 0; j < vp.Length; j++)
            {
                var gj = vg[j];
                var mj = B1 * vm[j] + C1 * gj;
                var vj = B2 * vv[j] + C2 * (gj * gj);
                vm[j] = mj;
                vv[j] = vj;
                vp[j] = vp[j] - L * mj / (Vector256.Sqrt(vj) + E);
            }
            i = vp.Length * 8;
        }
        // Same operations, same rounding as the vector path (no contraction into FMA).
        for (; i < p.Length; i++)
        {
            float gi = g[i];
            float mi = b1 * m[i] + c1 * gi;
            float vi = b2 * v[i] + c2 * (gi * gi);
            m[i] = mi;
            v[i] = vi;
            p[i] = p[i] - lr * mi / (MathF.Sqrt(vi) + eps);
        }
    }
}
