using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ZifPhase.Descriptors;
using ZifPhase.Descriptors.Soap;
using ZifPhase.Structures;

namespace ZifPhase.Benchmarks;

/// <summary>
/// The paper's SOAP (mu2, r_cut 9 Å, n_max 12, l_max 9, σ 1 Å: 780 values) on every Zn of a ZIF-4 6×6×6 supercell
/// (3,456 centres, 58,752 atoms, ~535 neighbours per centre within 12.72 Å), neighbour-list build included, as
/// one frame of a describe run. Target: ≥ 8,230 centres/s on 2 cores (10× DScribe 2.1.1's 823 centres/s).
/// </summary>
/// <remarks>
/// Run: <c>dotnet run -c Release --project bench/ZifPhase.Benchmarks -- --filter '*Soap*'</c>. The "centres/s"
/// column is <see cref="Centres"/> / mean time. The descriptor (basis and radial tables) is built once in the setup,
/// as a describe run builds it once for all frames.
/// </remarks>
[BenchmarkCategory("Descriptors", "Soap")]
[MemoryDiagnoser]
[Config(typeof(CentresPerSecondConfig))]
public class SoapBenchmarks
{
    private Frame _frame = null!;
    private int[] _zinc = null!;
    private SoapDescriptor _soap = null!;
    private double[] _rows = [];

    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Centres per call (the Zn of the supercell).</summary>
    public const int Centres = 3456;

    [GlobalSetup]
    public void Setup()
    {
        _frame = BenchmarkSystems.Zif4Supercell();
        _zinc = _frame.IndicesOf(Element.Zn);
        if (_zinc.Length != Centres) throw new InvalidOperationException($"expected {Centres} Zn, found {_zinc.Length}");
        _soap = new SoapDescriptor(SoapSpec.PaperSoap, Threads);
        _rows = new double[_zinc.Length * _soap.Dimension];
    }

    [Benchmark(Description = "paper SOAP, Zn centres, ZIF-4 6x6x6 (neighbour list included)")]
    public double PaperSoapZincCentres()
    {
        var neighbors = _soap.BuildNeighbors(_frame, _zinc, Threads);
        _soap.Compute(_frame, neighbors, _rows);
        return _rows[^1];
    }

    private sealed class CentresPerSecondConfig : ManualConfig
    {
        public CentresPerSecondConfig() => AddColumn(new CentresPerSecondColumn());
    }

    private sealed class CentresPerSecondColumn : IColumn
    {
        public string Id => nameof(CentresPerSecondColumn);
        public string ColumnName => "centres/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "SOAP rows per second: centres per call / mean time";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        {
            var stats = summary[benchmarkCase]?.ResultStatistics;
            if (stats is null || stats.Mean <= 0) return "NA";
            return (Centres / (stats.Mean / 1e9)).ToString("F0", CultureInfo.InvariantCulture);
        }

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
    }
}
