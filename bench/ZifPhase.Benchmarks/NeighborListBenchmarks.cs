using BenchmarkDotNet.Attributes;
using ZifPhase.Neighbors;
using ZifPhase.Structures;

namespace ZifPhase.Benchmarks;

/// <summary>
/// The descriptor workload: every Zn of a ZIF-4 6×6×6 supercell (3,456 centres, 58,752 atoms), all atoms within
/// 12.72 Å (~535 neighbours per centre, ~1.85 M pairs). Target: under 0.3 s on 2 cores, everything included.
/// </summary>
[MemoryDiagnoser]
public class NeighborListBenchmarks
{
    private Frame _frame = null!;
    private int[] _zinc = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _frame = BenchmarkSystems.Zif4Supercell();
        _zinc = _frame.IndicesOf(Element.Zn);
    }

    [Benchmark]
    public int ZincCentresAllAtoms12_72() =>
        NeighborList.Build(_frame, _zinc, 12.72, maxDegreeOfParallelism: Threads).PairCount;
}
