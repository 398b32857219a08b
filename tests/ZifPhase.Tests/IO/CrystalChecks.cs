using ZifPhase.IO;
using ZifPhase.Structures;

namespace ZifPhase.Tests.IO;

/// <summary>Brute-force structure checks shared by the CIF and LAMMPS data tests (fine at a few hundred atoms).</summary>
internal static class CrystalChecks
{
    public static List<Frame> ReadCif(string path, ReadOptions? options = null)
    {
        using var s = File.OpenRead(path);
        return Cif.Read(s, path, options ?? ReadOptions.Default).ToList();
    }

    public static List<Frame> ReadCifText(string text, ReadOptions? options = null) =>
        Cif.Read(IoTestHelpers.Utf8(text), "test.cif", options ?? ReadOptions.Default).ToList();

    public static Frame ReadData(string path, ReadOptions? options = null)
    {
        using var s = File.OpenRead(path);
        return Assert.Single(LammpsData.Read(s, path, options ?? ReadOptions.Default).ToList());
    }

    public static Frame ReadDataText(string text, ReadOptions? options = null) =>
        Assert.Single(LammpsData.Read(IoTestHelpers.Utf8(text), "test.data", options ?? ReadOptions.Default).ToList());

    public static int Count(Frame f, Element e) => f.IndicesOf(e).Length;

    /// <summary>Zn:N:C:H = 1:4:6:6 and nothing else.</summary>
    public static void AssertZnIm2Composition(Frame f)
    {
        int zn = Count(f, Element.Zn);
        Assert.True(zn > 0, "no Zn");
        Assert.Equal(4 * zn, Count(f, Element.N));
        Assert.Equal(6 * zn, Count(f, Element.C));
        Assert.Equal(6 * zn, Count(f, Element.H));
        Assert.Equal(17 * zn, f.AtomCount);
    }

    /// <summary>The shortest minimum-image distance between two atoms.</summary>
    public static double MinimumDistance(Frame f)
    {
        double best = double.MaxValue;
        for (int i = 0; i < f.AtomCount; i++)
        for (int j = i + 1; j < f.AtomCount; j++)
            best = Math.Min(best, f.Cell.MinimumImage(f.Positions[j] - f.Positions[i]).Length);
        return best;
    }

    /// <summary>For each Zn, the number of N within <paramref name="cutoff"/> Å (minimum image).</summary>
    public static int[] ZnNitrogenCounts(Frame f, double cutoff = 2.5)
    {
        var zn = f.IndicesOf(Element.Zn);
        var n = f.IndicesOf(Element.N);
        return zn.Select(z => n.Count(k => f.Cell.MinimumImage(f.Positions[k] - f.Positions[z]).Length < cutoff)).ToArray();
    }
}
