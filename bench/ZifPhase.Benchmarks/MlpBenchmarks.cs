using BenchmarkDotNet.Attributes;
using ZifPhase.Learning;

namespace ZifPhase.Benchmarks;

/// <summary>
/// One training epoch (Trainer.Fit with MaxEpochs = 1: scaler fit, init, 100 mini-batches of 200, Adam) on
/// 20,000 random rows, for the paper's SOAP network 780-100-7 and BPSF network 12-24-7.
/// Divide 20,000 by the time for rows/s. Compare: bench/mlp_compare.py (PyTorch CPU, scikit-learn max_iter=1).
/// </summary>
[MemoryDiagnoser]
public class MlpBenchmarks
{
    private const int Rows = 20_000;
    private float[] _features = null!;
    private int[] _labels = null!;
    private int[] _rows = null!;
    private TrainingOptions _options = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [Params("780-100-7", "12-24-7")]
    public string Network { get; set; } = "780-100-7";

    [GlobalSetup]
    public void Setup()
    {
        int[] sizes = [.. Network.Split('-').Select(int.Parse)];
        int dimension = sizes[0], classes = sizes[^1];
        var rng = new Random(1);
        _features = new float[Rows * dimension];
        for (int i = 0; i < _features.Length; i++) _features[i] = (float)rng.NextDouble();
        _labels = new int[Rows];
        for (int r = 0; r < Rows; r++) _labels[r] = rng.Next(classes);
        _rows = [.. Enumerable.Range(0, Rows)];
        _options = new TrainingOptions
        {
            Hidden = sizes[1..^1],
            MaxEpochs = 1,
            BatchSize = 200,
            EarlyStopping = EarlyStopping.None,
            Scaler = ScalerKind.Standard,
            MaxDegreeOfParallelism = Threads,
        };
    }

    [Benchmark]
    public double OneEpoch() => Trainer.Fit(_features, _features.Length / Rows, _labels, _labels.Max() + 1, _rows, _options).History[0].Loss;
}
