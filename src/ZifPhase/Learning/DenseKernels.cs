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
    private static float Finish(Vector256<float> acc, ref float x, int xo, ref float w, int wo, int kv, int k)
    {
        float s = HorizontalSum(acc);
        for (int i = kv; i < k; i++)
            s = MathF.FusedMultiplyAdd(Unsafe.Add(ref x, xo + i), Unsafe.Add(ref w, wo + i), s);
        return s;
    }

    /// <summary>
    /// c[r, j] = Σ_i a[r, i]·b[j, i] for rows r in [rowStart, rowEnd) and all j &lt; n: a is · × k (row stride k),
    /// b is n × k, c has row stride ldc. Register blocks of 4 rows × 3 columns; every element has one 8-lane
    /// accumulator over i in steps of 8, a fixed horizontal sum, then the scalar tail by FMA — whichever block it is in.
    /// </summary>
    public static void DotRows(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int n, int k, Span<float> c, int ldc, int rowStart, int rowEnd)
    {
        if (rowStart >= rowEnd) return;
        if (rowEnd * k > a.Length || n * k > b.Length || (rowEnd - 1) * ldc + n > c.Length)
            throw new ArgumentException("buffer too small for the layer");
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(b);
        ref float cr = ref MemoryMarshal.GetReference(c);
        int kv = k & ~7;
        int r = rowStart;
        for (; r + 4 <= rowEnd; r += 4)
        {
            int x0 = r * k, x1 = x0 + k, x2 = x1 + k, x3 = x2 + k;
            int c0 = r * ldc;
            int j = 0;
            for (; j + 3 <= n; j += 3)
            {
                int w0 = j * k, w1 = w0 + k, w2 = w1 + k;
                Vector256<float> a00 = default, a01 = default, a02 = default, a10 = default, a11 = default, a12 = default;
                Vector256<float> a20 = default, a21 = default, a22 = default, a30 = default, a31 = default, a32 = default;
                for (int i = 0; i < kv; i += 8)
                {
                    var wv0 = Load(ref br, w0 + i);
                    var wv1 = Load(ref br, w1 + i);
                    var wv2 = Load(ref br, w2 + i);
                    var xv = Load(ref ar, x0 + i);
                    a00 = Fma(xv, wv0, a00); a01 = Fma(xv, wv1, a01); a02 = Fma(xv, wv2, a02);
                    xv = Load(ref ar, x1 + i);
                    a10 = Fma(xv, wv0, a10); a11 = Fma(xv, wv1, a11); a12 = Fma(xv, wv2, a12);
                    xv = Load(ref ar, x2 + i);
                    a20 = Fma(xv, wv0, a20); a21 = Fma(xv, wv1, a21); a22 = Fma(xv, wv2, a22);
                    xv = Load(ref ar, x3 + i);
                    a30 = Fma(xv, wv0, a30); a31 = Fma(xv, wv1, a31); a32 = Fma(xv, wv2, a32);
                }
                int o = c0 + j;
                Unsafe.Add(ref cr, o) = Finish(a00, ref ar, x0, ref br, w0, kv, k);
                Unsafe.Add(ref cr, o + 1) = Finish(a01, ref ar, x0, ref br, w1, kv, k);
                Unsafe.Add(ref cr, o + 2) = Finish(a02, ref ar, x0, ref br, w2, kv, k);
                o += ldc;
                Unsafe.Add(ref cr, o) = Finish(a10, ref ar, x1, ref br, w0, kv, k);
                Unsafe.Add(ref cr, o + 1) = Finish(a11, ref ar, x1, ref br, w1, kv, k);
                Unsafe.Add(ref cr, o + 2) = Finish(a12, ref ar, x1, ref br, w2, kv, k);
                o += ldc;
                Unsafe.Add(ref cr, o) = Finish(a20, ref ar, x2, ref br, w0, kv, k);
                Unsafe.Add(ref cr, o + 1) = Finish(a21, ref ar, x2, ref br, w1, kv, k);
                Unsafe.Add(ref cr, o + 2) = Finish(a22, ref ar, x2, ref br, w2, kv, k);
                o += ldc;
                Unsafe.Add(ref cr, o) = Finish(a30, ref ar, x3, ref br, w0, kv, k);
                Unsafe.Add(ref cr, o + 1) = Finish(a31, ref ar, x3, ref br, w1, kv, k);
                Unsafe.Add(ref cr, o + 2) = Finish(a32, ref ar, x3, ref br, w2, kv, k);
            }
            for (; j < n; j++)
            {
                int w0 = j * k;
                Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
                for (int i = 0; i < kv; i += 8)
                {
                    var wv = Load(ref br, w0 + i);
                    a0 = Fma(Load(ref ar, x0 + i), wv, a0);
                    a1 = Fma(Load(ref ar, x1 + i), wv, a1);
                    a2 = Fma(Load(ref ar, x2 + i), wv, a2);
                    a3 = Fma(Load(ref ar, x3 + i), wv, a3);
                }
                int o = c0 + j;
                Unsafe.Add(ref cr, o) = Finish(a0, ref ar, x0, ref br, w0, kv, k);
                Unsafe.Add(ref cr, o + ldc) = Finish(a1, ref ar, x1, ref br, w0, kv, k);
                Unsafe.Add(ref cr, o + 2 * ldc) = Finish(a2, ref ar, x2, ref br, w0, kv, k);
                Unsafe.Add(ref cr, o + 3 * ldc) = Finish(a3, ref ar, x3, ref br, w0, kv, k);
            }
        }
        for (; r < rowEnd; r++)
        {
            int x0 = r * k;
            for (int j = 0; j < n; j++)
            {
                int w0 = j * k;
                Vector256<float> a0 = default;
                for (int i = 0; i < kv; i += 8)
                    a0 = Fma(Load(ref ar, x0 + i), Load(ref br, w0 + i), a0);
                Unsafe.Add(ref cr, r * ldc + j) = Finish(a0, ref ar, x0, ref br, w0, kv, k);
            }
        }
    }

    /// <summary>
    /// y[r, o] = act(b[o] + Σ_i x[r, i]·w[o, i]) for rows r in [rowStart, rowEnd); x is rows × k, w is n × k, y is rows × n.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> x, int k, ReadOnlySpan<float> w, ReadOnlySpan<float> b, int n,
        Span<float> y, int rowStart, int rowEnd, bool relu)
    {
        if (rowStart >= rowEnd) return;
        if (b.Length < n) throw new ArgumentException("bias too short");
        DotRows(x, w, n, k, y, n, rowStart, rowEnd);
        for (int r = rowStart; r < rowEnd; r++)
        {
            var row = y.Slice(r * n, n);
            for (int o = 0; o < n; o++)
            {
                float s = row[o] + b[o];
                row[o] = relu && !(s > 0f) ? 0f : s;
            }
        }
    }

    /// <summary>
    /// Weight gradient as scikit-learn's _compute_loss_grad: g[o, i] = (Σ_r dT[o, r]·aT[i, r] + alpha·w[o, i]) / rows
    /// for outputs o in [o0, o1), with dT the transposed delta (n × rows) and aT the transposed layer input (k × rows).
    /// Bias gradient gb[o] = (Σ_r dT[o, r]) / rows, summed in order.
    /// </summary>
    public static void WeightGradient(ReadOnlySpan<float> dT, ReadOnlySpan<float> aT, int rows, int k,
        ReadOnlySpan<float> w, float alpha, Span<float> g, Span<float> gb, int o0, int o1)
    {
        if (o0 >= o1) return;
        if (o1 * k > w.Length || o1 * k > g.Length || gb.Length < o1 || o1 * rows > dT.Length || k * rows > aT.Length)
            throw new ArgumentException("buffer too small for the layer");
        DotRows(dT, aT, k, rows, g, k, o0, o1);
        float n = rows;
        for (int o = o0; o < o1; o++)
        {
            var go = g.Slice(o * k, k);
            var wo = w.Slice(o * k, k);
            for (int i = 0; i < k; i++) go[i] = (go[i] + alpha * wo[i]) / n;
            float s = 0f;
            var d = dT.Slice(o * rows, rows);
            for (int r = 0; r < rows; r++) s += d[r];
            gb[o] = s / n;
        }
    }

    /// <summary>Transpose of the first rows × cols of a row-major matrix into cols × rows.</summary>
    public static void Transpose(ReadOnlySpan<float> source, int rows, int cols, Span<float> target)
    {
        if (rows * cols > source.Length || rows * cols > target.Length) throw new ArgumentException("buffer too small");
        ref float sr = ref MemoryMarshal.GetReference(source);
        ref float tr = ref MemoryMarshal.GetReference(target);
        const int Tile = 16;
        for (int r0 = 0; r0 < rows; r0 += Tile)
        {
            int r1 = Math.Min(rows, r0 + Tile);
            for (int c0 = 0; c0 < cols; c0 += Tile)
            {
                int c1 = Math.Min(cols, c0 + Tile);
                for (int r = r0; r < r1; r++)
                    for (int c = c0; c < c1; c++)
                        Unsafe.Add(ref tr, c * rows + r) = Unsafe.Add(ref sr, r * cols + c);
            }
        }
    }

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
