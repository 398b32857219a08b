using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ZifPhase.Learning;

/// <summary>
/// Dense-layer kernels on Vector256&lt;float&gt; with explicit fused multiply-adds.
/// Determinism: every output element is computed by the same sequence of operations whichever register-blocked
/// path (4×2, 4×1, 1×1, vector or scalar tail) or thread range it falls in, so results do not depend on how rows
/// or outputs are split between threads. Dot products keep one 8-lane accumulator per element, reduced in a fixed
/// order, then the scalar tail with FMA, then the bias; gradient sums run over batch rows in order 0..n−1.
/// </summary>
internal static class DenseKernels
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Load(ref float origin, int offset) => Vector256.LoadUnsafe(ref origin, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Fma(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float HorizontalSum(Vector256<float> v)
    {
        var s = v.GetLower() + v.GetUpper();
        return (s.GetElement(0) + s.GetElement(1)) + (s.GetElement(2) + s.GetElement(3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Finish(Vector256<float> acc, ref float x, int xo, ref float w, int wo, int kv, int k, float bias, bool relu)
    {
        float s = HorizontalSum(acc);
        for (int i = kv; i < k; i++)
            s = MathF.FusedMultiplyAdd(Unsafe.Add(ref x, xo + i), Unsafe.Add(ref w, wo + i), s);
        s += bias;
        return relu && !(s > 0f) ? 0f : s;
    }

    /// <summary>
    /// y[r, o] = act(b[o] + Σ_i x[r, i]·w[o, i]) for rows r in [rowStart, rowEnd); x is rows × k, w is n × k, y is rows × n.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> x, int k, ReadOnlySpan<float> w, ReadOnlySpan<float> b, int n,
        Span<float> y, int rowStart, int rowEnd, bool relu)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float wr = ref MemoryMarshal.GetReference(w);
        ref float yr = ref MemoryMarshal.GetReference(y);
        if (rowEnd * k > x.Length || n * k > w.Length || b.Length < n || rowEnd * n > y.Length)
            throw new ArgumentException("buffer too small for the layer");
        int kv = k & ~7;
        int r = rowStart;
        for (; r + 4 <= rowEnd; r += 4)
        {
            int x0 = r * k, x1 = x0 + k, x2 = x1 + k, x3 = x2 + k;
            int o = 0;
            for (; o + 2 <= n; o += 2)
            {
                int w0 = o * k, w1 = w0 + k;
                Vector256<float> a00 = default, a01 = default, a10 = default, a11 = default;
                Vector256<float> a20 = default, a21 = default, a30 = default, a31 = default;
                for (int i = 0; i < kv; i += 8)
                {
                    var wv0 = Load(ref wr, w0 + i);
                    var wv1 = Load(ref wr, w1 + i);
                    var xv = Load(ref xr, x0 + i);
                    a00 = Fma(xv, wv0, a00); a01 = Fma(xv, wv1, a01);
                    xv = Load(ref xr, x1 + i);
                    a10 = Fma(xv, wv0, a10); a11 = Fma(xv, wv1, a11);
                    xv = Load(ref xr, x2 + i);
                    a20 = Fma(xv, wv0, a20); a21 = Fma(xv, wv1, a21);
                    xv = Load(ref xr, x3 + i);
                    a30 = Fma(xv, wv0, a30); a31 = Fma(xv, wv1, a31);
                }
                float b0 = b[o], b1 = b[o + 1];
                int y0 = r * n + o;
                Unsafe.Add(ref yr, y0) = Finish(a00, ref xr, x0, ref wr, w0, kv, k, b0, relu);
                Unsafe.Add(ref yr, y0 + 1) = Finish(a01, ref xr, x0, ref wr, w1, kv, k, b1, relu);
                Unsafe.Add(ref yr, y0 + n) = Finish(a10, ref xr, x1, ref wr, w0, kv, k, b0, relu);
                Unsafe.Add(ref yr, y0 + n + 1) = Finish(a11, ref xr, x1, ref wr, w1, kv, k, b1, relu);
                Unsafe.Add(ref yr, y0 + 2 * n) = Finish(a20, ref xr, x2, ref wr, w0, kv, k, b0, relu);
                Unsafe.Add(ref yr, y0 + 2 * n + 1) = Finish(a21, ref xr, x2, ref wr, w1, kv, k, b1, relu);
                Unsafe.Add(ref yr, y0 + 3 * n) = Finish(a30, ref xr, x3, ref wr, w0, kv, k, b0, relu);
                Unsafe.Add(ref yr, y0 + 3 * n + 1) = Finish(a31, ref xr, x3, ref wr, w1, kv, k, b1, relu);
            }
            for (; o < n; o++)
            {
                int w0 = o * k;
                Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
                for (int i = 0; i < kv; i += 8)
                {
                    var wv = Load(ref wr, w0 + i);
                    a0 = Fma(Load(ref xr, x0 + i), wv, a0);
                    a1 = Fma(Load(ref xr, x1 + i), wv, a1);
                    a2 = Fma(Load(ref xr, x2 + i), wv, a2);
                    a3 = Fma(Load(ref xr, x3 + i), wv, a3);
                }
                float b0 = b[o];
                int y0 = r * n + o;
                Unsafe.Add(ref yr, y0) = Finish(a0, ref xr, x0, ref wr, w0, kv, k, b0, relu);
                Unsafe.Add(ref yr, y0 + n) = Finish(a1, ref xr, x1, ref wr, w0, kv, k, b0, relu);
                Unsafe.Add(ref yr, y0 + 2 * n) = Finish(a2, ref xr, x2, ref wr, w0, kv, k, b0, relu);
                Unsafe.Add(ref yr, y0 + 3 * n) = Finish(a3, ref xr, x3, ref wr, w0, kv, k, b0, relu);
            }
        }
        for (; r < rowEnd; r++)
        {
            int x0 = r * k;
            for (int o = 0; o < n; o++)
            {
                int w0 = o * k;
                Vector256<float> a0 = default;
                for (int i = 0; i < kv; i += 8)
                    a0 = Fma(Load(ref xr, x0 + i), Load(ref wr, w0 + i), a0);
                Unsafe.Add(ref yr, r * n + o) = Finish(a0, ref xr, x0, ref wr, w0, kv, k, b[o], relu);
            }
        }
    }

    /// <summary>
    /// Weight gradient as scikit-learn's _compute_loss_grad: g[o, i] = (Σ_r dT[o, r]·a[r, i] + alpha·w[o, i]) / rows,
    /// for outputs o in [o0, o1). dT is the transposed delta (n × stride, rows used), a is rows × k.
    /// Bias gradient gb[o] = (Σ_r dT[o, r]) / rows.
    /// </summary>
    public static void WeightGradient(ReadOnlySpan<float> dT, int stride, ReadOnlySpan<float> a, int rows, int k,
        ReadOnlySpan<float> w, float alpha, Span<float> g, Span<float> gb, int o0, int o1)
    {
        ref float dr = ref MemoryMarshal.GetReference(dT);
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float wr = ref MemoryMarshal.GetReference(w);
        ref float gr = ref MemoryMarshal.GetReference(g);
        if (o1 * stride > dT.Length || rows * k > a.Length || o1 * k > w.Length || o1 * k > g.Length || gb.Length < o1 || rows > stride)
            throw new ArgumentException("buffer too small for the layer");
        float n = rows;
        var alphaV = Vector256.Create(alpha);
        var nV = Vector256.Create(n);
        int k16 = k & ~15, k8 = k & ~7;
        // Column strips of a (rows × 16 floats) stay in L1 while the transposed deltas stream through.
        int i0 = 0;
        for (; i0 < k16; i0 += 16)
        {
            int o = o0;
            for (; o + 4 <= o1; o += 4)
            {
                int d0 = o * stride, d1 = d0 + stride, d2 = d1 + stride, d3 = d2 + stride;
                Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
                Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
                for (int r = 0, ai = i0; r < rows; r++, ai += k)
                {
                    var av0 = Load(ref ar, ai);
                    var av1 = Load(ref ar, ai + 8);
                    var dv = Vector256.Create(Unsafe.Add(ref dr, d0 + r));
                    c00 = Fma(dv, av0, c00); c01 = Fma(dv, av1, c01);
                    dv = Vector256.Create(Unsafe.Add(ref dr, d1 + r));
                    c10 = Fma(dv, av0, c10); c11 = Fma(dv, av1, c11);
                    dv = Vector256.Create(Unsafe.Add(ref dr, d2 + r));
                    c20 = Fma(dv, av0, c20); c21 = Fma(dv, av1, c21);
                    dv = Vector256.Create(Unsafe.Add(ref dr, d3 + r));
                    c30 = Fma(dv, av0, c30); c31 = Fma(dv, av1, c31);
                }
                StoreGradient(c00, ref wr, ref gr, o * k + i0, alphaV, nV);
                StoreGradient(c01, ref wr, ref gr, o * k + i0 + 8, alphaV, nV);
                StoreGradient(c10, ref wr, ref gr, (o + 1) * k + i0, alphaV, nV);
                StoreGradient(c11, ref wr, ref gr, (o + 1) * k + i0 + 8, alphaV, nV);
                StoreGradient(c20, ref wr, ref gr, (o + 2) * k + i0, alphaV, nV);
                StoreGradient(c21, ref wr, ref gr, (o + 2) * k + i0 + 8, alphaV, nV);
                StoreGradient(c30, ref wr, ref gr, (o + 3) * k + i0, alphaV, nV);
                StoreGradient(c31, ref wr, ref gr, (o + 3) * k + i0 + 8, alphaV, nV);
            }
            for (; o < o1; o++)
            {
                int d0 = o * stride;
                Vector256<float> c0 = default, c1 = default;
                for (int r = 0, ai = i0; r < rows; r++, ai += k)
                {
                    var dv = Vector256.Create(Unsafe.Add(ref dr, d0 + r));
                    c0 = Fma(dv, Load(ref ar, ai), c0);
                    c1 = Fma(dv, Load(ref ar, ai + 8), c1);
                }
                StoreGradient(c0, ref wr, ref gr, o * k + i0, alphaV, nV);
                StoreGradient(c1, ref wr, ref gr, o * k + i0 + 8, alphaV, nV);
            }
        }
        for (; i0 < k8; i0 += 8)
        {
            for (int o = o0; o < o1; o++)
            {
                int d0 = o * stride;
                Vector256<float> c0 = default;
                for (int r = 0, ai = i0; r < rows; r++, ai += k)
                    c0 = Fma(Vector256.Create(Unsafe.Add(ref dr, d0 + r)), Load(ref ar, ai), c0);
                StoreGradient(c0, ref wr, ref gr, o * k + i0, alphaV, nV);
            }
        }
        for (int i = k8; i < k; i++)
        {
            for (int o = o0; o < o1; o++)
            {
                int d0 = o * stride;
                float c = 0f;
                for (int r = 0; r < rows; r++)
                    c = MathF.FusedMultiplyAdd(Unsafe.Add(ref dr, d0 + r), Unsafe.Add(ref ar, r * k + i), c);
                int gi = o * k + i;
                Unsafe.Add(ref gr, gi) = (c + alpha * Unsafe.Add(ref wr, gi)) / n;
            }
        }
        for (int o = o0; o < o1; o++)
        {
            int d0 = o * stride;
            float s = 0f;
            for (int r = 0; r < rows; r++) s += Unsafe.Add(ref dr, d0 + r);
            gb[o] = s / n;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreGradient(Vector256<float> c, ref float w, ref float g, int offset, Vector256<float> alpha, Vector256<float> n)
        => ((c + alpha * Load(ref w, offset)) / n).StoreUnsafe(ref g, (nuint)offset);

    /// <summary>
    /// Back-propagation to the previous layer: dPrev[r, i] = (Σ_o d[r, o]·w[o, i]) if aPrev[r, i] &gt; 0 else 0
    /// (ReLU derivative from the activations, as scikit-learn), for rows in [rowStart, rowEnd); d is rows × n, w is n × k.
    /// </summary>
    public static void BackwardRelu(ReadOnlySpan<float> d, int n, ReadOnlySpan<float> w, int k, ReadOnlySpan<float> aPrev,
        Span<float> dPrev, int rowStart, int rowEnd)
    {
        ref float dr = ref MemoryMarshal.GetReference(d);
        ref float wr = ref MemoryMarshal.GetReference(w);
        ref float ar = ref MemoryMarshal.GetReference(aPrev);
        ref float pr = ref MemoryMarshal.GetReference(dPrev);
        if (rowEnd * n > d.Length || n * k > w.Length || rowEnd * k > aPrev.Length || rowEnd * k > dPrev.Length)
            throw new ArgumentException("buffer too small for the layer");
        int k8 = k & ~7;
        var zero = Vector256<float>.Zero;
        for (int r = rowStart; r < rowEnd; r++)
        {
            int dr0 = r * n, pr0 = r * k;
            for (int i = 0; i < k8; i += 8)
            {
                Vector256<float> c = default;
                for (int o = 0; o < n; o++)
                    c = Fma(Vector256.Create(Unsafe.Add(ref dr, dr0 + o)), Load(ref wr, o * k + i), c);
                var mask = Vector256.GreaterThan(Load(ref ar, pr0 + i), zero);
                Vector256.ConditionalSelect(mask, c, zero).StoreUnsafe(ref pr, (nuint)(pr0 + i));
            }
            for (int i = k8; i < k; i++)
            {
                float c = 0f;
                for (int o = 0; o < n; o++)
                    c = MathF.FusedMultiplyAdd(Unsafe.Add(ref dr, dr0 + o), Unsafe.Add(ref wr, o * k + i), c);
                Unsafe.Add(ref pr, pr0 + i) = Unsafe.Add(ref ar, pr0 + i) > 0f ? c : 0f;
            }
        }
    }

    /// <summary>Row-wise softmax in place over rows × classes (max subtracted; exp in float).</summary>
    public static void SoftmaxRows(Span<float> z, int rowStart, int rowEnd, int classes)
    {
        for (int r = rowStart; r < rowEnd; r++)
        {
            var row = z.Slice(r * classes, classes);
            float max = row[0];
            for (int c = 1; c < classes; c++) if (row[c] > max) max = row[c];
            float sum = 0f;
            for (int c = 0; c < classes; c++) { float e = MathF.Exp(row[c] - max); row[c] = e; sum += e; }
            float inv = 1f / sum;
            for (int c = 0; c < classes; c++) row[c] *= inv;
        }
    }
}

/// <summary>Splits [0, count) into at most <c>degree</c> contiguous ranges, aligned to <c>grain</c>, run in parallel.</summary>
internal static class ParallelRanges
{
    public static int Resolve(int maxDegreeOfParallelism) =>
        maxDegreeOfParallelism <= 0 ? Environment.ProcessorCount : maxDegreeOfParallelism;

    public static void For(int count, int grain, int degree, Action<int, int> body)
    {
        int blocks = (count + grain - 1) / grain;
        int parts = Math.Min(degree, blocks);
        if (parts <= 1)
        {
            body(0, count);
            return;
        }
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
        {
            int start = (int)((long)blocks * p / parts) * grain;
            int end = Math.Min(count, (int)((long)blocks * (p + 1) / parts) * grain);
            if (start < end) body(start, end);
        });
    }
}
