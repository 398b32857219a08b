using ZifPhase.Structures;

namespace ZifPhase.Benchmarks;

/// <summary>Frames shared by the benchmarks. Each is built by one call, so a real structure can replace a synthetic one in one line.</summary>
public static class BenchmarkSystems
{
    /// <summary>
    /// A ZIF-4-like 6×6×6 supercell: 58,752 atoms (3,456 Zn) in an orthorhombic 92.5 × 92.4 × 110.6 Å box.
    /// For now the unit cell is synthetic (<see cref="SyntheticZif4UnitCell"/>); swap in the real CIF here.
    /// </summary>
    public static Frame Zif4Supercell() => SyntheticZif4UnitCell().Replicate(6, 6, 6);

    /// <summary>
    /// Orthorhombic 15.423 × 15.404 × 18.438 Å cell (ZIF-4, Pbca) with its 272 atoms (16 Zn, 64 N, 96 C, 96 H) at
    /// uniformly random positions from a fixed seed: the right density and composition, not the real structure.
    /// </summary>
    public static Frame SyntheticZif4UnitCell(int seed = 4)
    {
        var cell = Cell.Orthorhombic(15.423, 15.404, 18.438);
        var rng = new Random(seed);
        var elements = new List<Element>(272);
        foreach (var (element, count) in new[] { (Element.Zn, 16), (Element.N, 64), (Element.C, 96), (Element.H, 96) })
            for (int k = 0; k < count; k++) elements.Add(element);
        var positions = new Vec3[elements.Count];
        for (int a = 0; a < positions.Length; a++)
            positions[a] = cell.ToCartesian(new Vec3(rng.NextDouble(), rng.NextDouble(), rng.NextDouble()));
        return new Frame(positions, elements.ToArray(), cell);
    }
}
