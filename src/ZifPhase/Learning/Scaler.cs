using System.Runtime.Intrinsics;

namespace ZifPhase.Learning;

/// <summary>Feature scalings a <see cref="Scaler"/> can fit.</summary>
public enum ScalerKind
{
    /// <summary>No scaling: offset 0, scale 1.</summary>
    None,
    /// <summary>Training min..max mapped to [0, 1] (scikit-learn's MinMaxScaler).</summary>
    MinMax,
    /// <summary>Mean 0 and population standard deviation 1 (scikit-learn's StandardScaler).</summary>
    Standard,
}

/// <summary>
/// Per-column affine scaling x' = (x − Offset[k]) · Scale[k], fitted on training rows only.
/// MinMax maps the training min..max to [0, 1]; Standard gives mean 0 and population standard deviation 1.
/// A constant column gets scale 1 (as scikit-learn's MinMaxScaler/StandardScaler); None is offset 0, scale 1.
/// </summary>
public sealed class Scaler
{
    /// <summary>Which scaling was fitted.</summary>
    public ScalerKind Kind { get; }
    /// <summary>Per column: the value subtracted (training min or mean; 0 for None), one per feature.</summary>
    public double[] Offset { get; }
    /// <summary>Per column: the factor applied after subtracting (1/range or 1/σ; 1 for None and constant columns).</summary>
    public double[] Scale { get; }
    /// <summary>Number of feature columns.</summary>
    public int Dimension => Offset.Length;

    /// <summary>A scaler from fitted values (e.g. loaded from a model file); arrays are not copied.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="offset"/> or <paramref name="scale"/> is null.</exception>
    /// <exception cref="ArgumentException">They differ in length or are empty.</exception>
    public Scaler(ScalerKind kind, double[] offset, double[] scale)
    {
        ArgumentNullException.ThrowIfNull(offset);
        ArgumentNullException.ThrowIfNull(scale);
        if (offset.Length != scale.Length)
            throw new ArgumentException($"offset has {offset.Length} values but scale has {scale.Length}");
        if (offset.Length == 0) throw new ArgumentException("a scaler needs at least one column");
        Kind = kind;
        Offset = offset;
        Scale = scale;
    }

    /// <summary>Fits on the given rows of a row-major matrix with <paramref name="dimension"/> columns; other rows are never read.</summary>
    public static Scaler Fit(ScalerKind kind, ReadOnlySpan<float> features, int dimension, ReadOnlySpan<int> rows)
    {
        if (dimension <= 0) throw new ArgumentOutOfRangeException(nameof(dimension));
        if (features.Length % dimension != 0)
            throw new ArgumentException($"{features.Length} values is not a whole number of rows of {dimension}");
        int total = features.Length / dimension;
        foreach (int r in rows)
            if ((uint)r >= (uint)total) throw new ArgumentOutOfRangeException(nameof(rows), $"row {r} outside 0..{total - 1}");
        var offset = new double[dimension];
        var scale = new double[dimension];
        scale.AsSpan().Fill(1.0);
        if (kind == ScalerKind.None) return new Scaler(kind, offset, scale);
        if (rows.Length == 0) throw new ArgumentException("cannot fit a scaler on zero rows", nameof(rows));

        if (kind == ScalerKind.MinMax)
        {
            var max = new double[dimension];
            offset.AsSpan().Fill(double.PositiveInfinity);
            max.AsSpan().Fill(double.NegativeInfinity);
            foreach (int r in rows)
            {
                var row = features.Slice(r * dimension, dimension);
                for (int k = 0; k < dimension; k++)
                {
                    double x = row[k];
                    if (x < offset[k]) offset[k] = x;
                    if (x > max[k]) max[k] = x;
                }
            }
            for (int k = 0; k < dimension; k++)
            {
                double range = max[k] - offset[k];
                scale[k] = range > 0 ? 1.0 / range : 1.0;
            }
        }
        else if (kind == ScalerKind.Standard)
        {
            // Two passes in double: the mean, then the mean squared deviation (population variance).
            foreach (int r in rows)
            {
                var row = features.Slice(r * dimension, dimension);
                for (int k = 0; k < dimension; k++) offset[k] += row[k];
            }
            for (int k = 0; k < dimension; k++) offset[k] /= rows.Length;
            var sq = new double[dimension];
            foreach (int r in rows)
            {
                var row = features.Slice(r * dimension, dimension);
                for (int k = 0; k < dimension; k++)
                {
                    double d = row[k] - offset[k];
                    sq[k] += d * d;
                }
            }
            for (int k = 0; k < dimension; k++)
            {
                double std = Math.Sqrt(sq[k] / rows.Length);
                scale[k] = std > 0 ? 1.0 / std : 1.0;
            }
        }
        else throw new ArgumentOutOfRangeException(nameof(kind));
        return new Scaler(kind, offset, scale);
    }

    /// <summary>Scales any number of rows (input and output are rows × Dimension; they may be the same memory).</summary>
    public void Transform(ReadOnlySpan<float> input, Span<float> output)
    {
        int d = Offset.Length;
        if (input.Length % d != 0)
            throw new ArgumentException($"{input.Length} values is not a whole number of rows of {d}");
        if (output.Length < input.Length) throw new ArgumentException("output is shorter than input");
        var offset = Offset.AsSpan();
        var scale = Scale.AsSpan();
        for (int start = 0; start < input.Length; start += d)
        {
            var x = input.Slice(start, d);
            var y = output.Slice(start, d);
            int k = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                // Same arithmetic as the scalar loop: widen to double, subtract, multiply, round to float.
                for (; k + 8 <= d; k += 8)
                {
                    var (lo, hi) = Vector256.Widen(Vector256.Create(x.Slice(k, 8)));
                    lo = (lo - Vector256.Create(offset.Slice(k, 4))) * Vector256.Create(scale.Slice(k, 4));
                    hi = (hi - Vector256.Create(offset.Slice(k + 4, 4))) * Vector256.Create(scale.Slice(k + 4, 4));
                    Vector256.Narrow(lo, hi).CopyTo(y.Slice(k, 8));
                }
            }
            for (; k < d; k++) y[k] = (float)((x[k] - offset[k]) * scale[k]);
        }
    }
}
