using ZifPhase.Neighbors;
using ZifPhase.Structures;

namespace ZifPhase.Analysis;

/// <summary>
/// One cluster of target-labelled Zn. <see cref="Members"/> are network vertices (indices into
/// <see cref="ZnNetwork.ZnAtoms"/>), ascending; <see cref="Images"/> the image shift of each member in the
/// unwrapped cluster (the root, its smallest member, at zero). Extents (Å) are max − min of x, y, z over the
/// unwrapped members. <see cref="PercolationDimension"/>: rank (0–3) of the lattice translations found on
/// closed paths through the cluster: 0 = finite; 1, 2, 3 = spans the periodic box along 1, 2 or 3 directions.
/// </summary>
public sealed record PhaseCluster(int[] Members, ImageShift[] Images, double Lx, double Ly, double Lz, int PercolationDimension)
{
    /// <summary>Number of Zn in the cluster.</summary>
    public int Size => Members.Length;
    /// <summary>Whether the cluster spans the periodic box (<see cref="PercolationDimension"/> &gt; 0).</summary>
    public bool Percolating => PercolationDimension > 0;
}

/// <summary>
/// Clusters (SPEC §5): connected components, by depth-first search, of the bonded Zn network restricted to the
/// Zn labelled as the target phase. Each cluster is unwrapped from its root through the image shifts of its
/// bonds; a member reached again with a different image reveals a closed path with a non-zero lattice
/// translation: the cluster percolates through the periodic box.
/// </summary>
public static class PhaseClusters
{
    /// <summary>Clusters of the vertices for which <paramref name="member"/>[v] is true, ordered by size (descending), then smallest member.</summary>
    public static PhaseCluster[] Find(ZnNetwork network, IReadOnlyList<bool> member)
    {
        if (member.Count != network.Count) throw new ArgumentException($"{member.Count} membership flags for {network.Count} Zn");
        int n = network.Count;
        var visited = new bool[n];
        var image = new ImageShift[n];
        var clusters = new List<PhaseCluster>();
        var stack = new Stack<int>();
        for (int root = 0; root < n; root++)
        {
            if (!member[root] || visited[root]) continue;
            var members = new List<int>();
            var windings = new List<ImageShift>();
            visited[root] = true;
            image[root] = ImageShift.Zero;
            stack.Push(root);
            while (stack.Count > 0)
            {
                int u = stack.Pop();
                members.Add(u);
                var nb = network.NeighborsOf(u);
                var sh = network.ShiftsOf(u);
                for (int k = 0; k < nb.Length; k++)
                {
                    int v = nb[k];
                    if (!member[v]) continue;
                    var s = image[u] + sh[k];
                    if (!visited[v])
                    {
                        visited[v] = true;
                        image[v] = s;
                        stack.Push(v);
                    }
                    else if (s != image[v]) windings.Add(s - image[v]);
                }
            }
            members.Sort();
            var images = members.Select(v => image[v]).ToArray();
            Vec3 min = new(double.MaxValue, double.MaxValue, double.MaxValue), max = -min;
            foreach (var v in members)
            {
                var p = network.ImagePosition(v, image[v]);
                min = new Vec3(Math.Min(min.X, p.X), Math.Min(min.Y, p.Y), Math.Min(min.Z, p.Z));
                max = new Vec3(Math.Max(max.X, p.X), Math.Max(max.Y, p.Y), Math.Max(max.Z, p.Z));
            }
            clusters.Add(new PhaseCluster(members.ToArray(), images, max.X - min.X, max.Y - min.Y, max.Z - min.Z, Rank(windings)));
        }
        return clusters.OrderByDescending(c => c.Size).ThenBy(c => c.Members[0]).ToArray();
    }

    /// <summary>Clusters of the Zn whose label (per atom of the frame) equals <paramref name="target"/>.</summary>
    public static PhaseCluster[] Find(ZnNetwork network, IReadOnlyList<string?> labels, string target)
    {
        var member = new bool[network.Count];
        for (int v = 0; v < member.Length; v++)
            member[v] = string.Equals(labels[network.ZnAtoms[v]], target, StringComparison.Ordinal);
        return Find(network, member);
    }

    /// <summary>Rank of a set of integer vectors (exact, by fraction-free elimination).</summary>
    internal static int Rank(IReadOnlyList<ImageShift> vectors)
    {
        var rows = vectors.Where(v => !v.IsZero).Select(v => new long[] { v.A, v.B, v.C }).ToList();
        int rank = 0;
        for (int col = 0; col < 3 && rank < rows.Count; col++)
        {
            int pivot = rows.FindIndex(rank, r => r[col] != 0);
            if (pivot < 0) continue;
            (rows[rank], rows[pivot]) = (rows[pivot], rows[rank]);
            var p = rows[rank];
            for (int r = rank + 1; r < rows.Count; r++)
            {
                long f = rows[r][col];
                if (f == 0) continue;
                for (int c = 0; c < 3; c++) rows[r][c] = rows[r][c] * p[col] - p[c] * f;
                long g = Math.Abs(rows[r][0]);
                g = Gcd(g, Math.Abs(rows[r][1]));
                g = Gcd(g, Math.Abs(rows[r][2]));
                if (g > 1) for (int c = 0; c < 3; c++) rows[r][c] /= g;
            }
            rank++;
        }
        return rank;
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}

/// <summary>
/// Mean extents ⟨l_x⟩, ⟨l_y⟩, ⟨l_z⟩ (Å) of the finite clusters of size N over every frame, with the standard
/// error of each mean over those clusters (sample standard deviation / √count; NaN when only one cluster).
/// Percolating clusters are never part of it: their unwrapped extent is a multiple of the box, not a size.
/// </summary>
public sealed record PhaseClusterSizeRow(int Size, int Count, double MeanLx, double MeanLy, double MeanLz, double SemLx, double SemLy, double SemLz);

/// <summary>Per-frame clusters of one labelled frame.</summary>
public sealed record FramePhaseClusters(string? Source, int FrameIndex, long Step, double? Time, int TargetZn, PhaseCluster[] Clusters)
{
    /// <summary>Number of finite (non-percolating) clusters in the frame.</summary>
    public int Finite => Clusters.Count(c => !c.Percolating);
    /// <summary>Number of percolating clusters in the frame.</summary>
    public int Percolating => Clusters.Count(c => c.Percolating);
    /// <summary>Target Zn in percolating clusters.</summary>
    public int PercolatingZn => Clusters.Where(c => c.Percolating).Sum(c => c.Size);
    /// <summary>Highest percolation dimension in the frame (0 when none percolates).</summary>
    public int PercolationDimension => Clusters.Length == 0 ? 0 : Clusters.Max(c => c.PercolationDimension);
}

/// <summary>
/// Runs <see cref="PhaseClusters"/> over labelled frames and averages the extents per cluster size N over every
/// finite cluster of every frame (and every trajectory fed to the same instance); percolating clusters are
/// counted apart, per frame and by dimension.
/// </summary>
public sealed class PhaseClusterAnalysis(string target, NetworkOptions? options = null) : FrameAnalysis<PhaseClusterResult>
{
    private readonly List<FramePhaseClusters> _frames = [];

    /// <summary>The phase whose Zn are clustered.</summary>
    public string Target { get; } = target;

    private readonly TargetPhaseCheck _check = new(target);

    /// <summary>Refuses a target that none of the frames seen so far has (see <see cref="TargetPhaseCheck"/>).</summary>
    public void RequireTargetSeen() => _check.Finish();

    /// <summary>Finds the clusters of target-phase Zn in one labelled frame and keeps them.</summary>
    protected override void SingleFrame(Frame frame)
    {
        _check.See(frame);
        var labels = PhaseLabels.Read(frame);
        var network = ZnNetwork.Build(frame, options);
        var clusters = PhaseClusters.Find(network, labels, Target);
        _frames.Add(new FramePhaseClusters(frame.Source, frame.Index, frame.Step, frame.Time, clusters.Sum(c => c.Size), clusters));
    }

    /// <summary>The clusters of every frame seen and their per-size averages.</summary>
    protected override PhaseClusterResult Conclude() => PhaseClusterResult.Of(Target, _frames.ToArray());
}

/// <summary>Result of a cluster analysis: the target phase, the clusters of every frame, and per cluster size N the mean extents ⟨l_i⟩ (Å) with standard errors over the finite clusters.</summary>
public sealed record PhaseClusterResult(string Target, FramePhaseClusters[] Frames, PhaseClusterSizeRow[] BySize)
{
    /// <summary>Finite clusters over all frames.</summary>
    public int FiniteClusters => Frames.Sum(f => f.Finite);
    /// <summary>Percolating clusters over all frames.</summary>
    public int PercolatingClusters => Frames.Sum(f => f.Percolating);
    /// <summary>Frames holding at least one percolating cluster.</summary>
    public int FramesWithPercolation => Frames.Count(f => f.Percolating > 0);
    /// <summary>Percolating clusters by dimension: index 1, 2, 3 (index 0 unused).</summary>
    public int[] PercolatingByDimension
    {
        get
        {
            var d = new int[4];
            foreach (var f in Frames) foreach (var c in f.Clusters) if (c.Percolating) d[c.PercolationDimension]++;
            return d;
        }
    }

    /// <summary>Averages the finite clusters of <paramref name="frames"/> per size.</summary>
    public static PhaseClusterResult Of(string target, FramePhaseClusters[] frames)
    {
        var bySize = new SortedDictionary<int, List<PhaseCluster>>();
        foreach (var f in frames)
            foreach (var c in f.Clusters)
            {
                if (c.Percolating) continue;
                if (!bySize.TryGetValue(c.Size, out var list)) bySize[c.Size] = list = [];
                list.Add(c);
            }
        return new PhaseClusterResult(target, frames, bySize.Select(kv =>
        {
            var (mx, sx) = MeanSem(kv.Value.Select(c => c.Lx));
            var (my, sy) = MeanSem(kv.Value.Select(c => c.Ly));
            var (mz, sz) = MeanSem(kv.Value.Select(c => c.Lz));
            return new PhaseClusterSizeRow(kv.Key, kv.Value.Count, mx, my, mz, sx, sy, sz);
        }).ToArray());
    }

    /// <summary>Mean and standard error of the mean (sample standard deviation / √n; NaN for n = 1).</summary>
    public static (double Mean, double Sem) MeanSem(IEnumerable<double> values)
    {
        var v = values.ToArray();
        double mean = v.Average();
        if (v.Length < 2) return (mean, double.NaN);
        double ss = v.Sum(x => (x - mean) * (x - mean));
        return (mean, Math.Sqrt(ss / (v.Length - 1) / v.Length));
    }
}
