using ZifPhase.Descriptors;
using ZifPhase.IO;
using ZifPhase.Structures;

namespace ZifPhase.Tests.Descriptors.Soap;

internal static class SoapTestSystems
{
    public static readonly string[] ZifSpecies = ["H", "C", "N", "Zn"];

    /// <summary>68 random atoms (ZnC6H6N4 units) in a small triclinic cell: many periodic images (from the refs).</summary>
    public static Frame Triclinic() => SoapReference.All.First(b => b.File == "a_triclinic_periodic.json" && b.Spec.Species.Count == 4).Frame;

    public static Frame Zif4() => TrajectoryReader.ReadFirst(TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif"));

    /// <summary>Cheap settings for brute-force comparisons: four species, r_cut 4, n_max 3, l_max 3, σ 0.5.</summary>
    public static SoapSpec Small(SoapCompressionMode mode = SoapCompressionMode.Off) => new()
    {
        Species = ZifSpecies,
        RCut = 4.0,
        NMax = 3,
        LMax = 3,
        Sigma = 0.5,
        Compression = new SoapCompression { Mode = mode },
    };

    /// <summary>The small reference settings: four species, r_cut 9, n_max 4, l_max 3.</summary>
    public static SoapSpec Medium(SoapCompressionMode mode = SoapCompressionMode.Off) => new()
    {
        Species = ZifSpecies,
        RCut = 9.0,
        NMax = 4,
        LMax = 3,
        Compression = new SoapCompression { Mode = mode },
    };

    public static double RelativeDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"lengths differ: {a.Length} vs {b.Length}");
        double diff = 0, norm = 0;
        for (int i = 0; i < a.Length; i++)
        {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            norm += b[i] * b[i];
        }
        return norm == 0 ? Math.Sqrt(diff) : Math.Sqrt(diff / norm);
    }

    /// <summary>Largest per-row relative difference of two row-major blocks.</summary>
    public static double MaxRowDifference(double[] a, double[] b, int dimension)
    {
        Assert.Equal(b.Length, a.Length);
        double worst = 0;
        for (int r = 0; r < a.Length / dimension; r++)
            worst = Math.Max(worst, RelativeDifference(a.AsSpan(r * dimension, dimension), b.AsSpan(r * dimension, dimension)));
        return worst;
    }

    /// <summary>A rotation matrix (rows) from a seeded random unit quaternion.</summary>
    public static Func<Vec3, Vec3> RandomRotation(int seed)
    {
        var rng = new Random(seed);
        double a = rng.NextDouble() * 2 - 1, b = rng.NextDouble() * 2 - 1, c = rng.NextDouble() * 2 - 1, d = rng.NextDouble() * 2 - 1;
        double n = Math.Sqrt(a * a + b * b + c * c + d * d);
        a /= n; b /= n; c /= n; d /= n;
        var r0 = new Vec3(a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c));
        var r1 = new Vec3(2 * (b * c + a * d), a * a - b * b + c * c - d * d, 2 * (c * d - a * b));
        var r2 = new Vec3(2 * (b * d - a * c), 2 * (c * d + a * b), a * a - b * b - c * c + d * d);
        return v => new Vec3(Vec3.Dot(r0, v), Vec3.Dot(r1, v), Vec3.Dot(r2, v));
    }
}
