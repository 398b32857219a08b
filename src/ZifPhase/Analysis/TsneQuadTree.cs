namespace ZifPhase.Analysis;

/// <summary>
/// The Barnes–Hut quadtree of a 2-D layout, rebuilt serially (and so identically) every iteration by recursive
/// partition of a permutation of the points; queries (<see cref="Repulsion"/>) only read it and run in parallel.
/// A leaf holds one point, or several that coincide or sit below the depth limit.
/// </summary>
internal sealed class QuadTree
{
    private const int MaxDepth = 40;

    private struct Node
    {
        public double MinX, MinY, Size;   // square cell
        public double ComX, ComY;         // centre of mass
        public int Count;
        public int Start, End;            // leaf: points _order[Start..End); internal: Start = -1
        public int Child0, Child1, Child2, Child3; // -1 where the quadrant is empty
    }

    private readonly int[] _order;
    private readonly int[] _scratch;
    private Node[] _nodes;
    private int _nodeCount;
    private double[] _xs = [];
    private double[] _ys = [];

    public QuadTree(int capacity)
    {
        _order = new int[capacity];
        _scratch = new int[capacity];
        _nodes = new Node[Math.Max(16, 2 * capacity)];
    }

    public void Build(double[] xs, double[] ys)
    {
        _xs = xs;
        _ys = ys;
        int n = _order.Length;
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity, maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            _order[i] = i;
            minX = Math.Min(minX, xs[i]); maxX = Math.Max(maxX, xs[i]);
            minY = Math.Min(minY, ys[i]); maxY = Math.Max(maxY, ys[i]);
        }
        double size = Math.Max(maxX - minX, maxY - minY);
        if (!(size > 0)) size = 1e-12;
        _nodeCount = 0;
        BuildNode(0, n, minX, minY, size * (1 + 1e-9), 0);
    }

    private int NewNode()
    {
        if (_nodeCount == _nodes.Length) Array.Resize(ref _nodes, 2 * _nodes.Length);
        return _nodeCount++;
    }

    private int BuildNode(int start, int end, double minX, double minY, double size, int depth)
    {
        int id = NewNode();
        ref var node = ref _nodes[id];
        node.MinX = minX; node.MinY = minY; node.Size = size;
        node.Count = end - start;
        node.Child0 = node.Child1 = node.Child2 = node.Child3 = -1;
        if (end - start == 1 || depth >= MaxDepth || AllCoincide(start, end))
        {
            double sx = 0, sy = 0;
            for (int a = start; a < end; a++) { sx += _xs[_order[a]]; sy += _ys[_order[a]]; }
            node.Start = start; node.End = end;
            node.ComX = sx / (end - start); node.ComY = sy / (end - start);
            return id;
        }
        node.Start = -1; node.End = -1;
        double half = size / 2, midX = minX + half, midY = minY + half;
        // Stable counting partition into quadrants 0 (low x, low y), 1 (high x, low y), 2 (low x, high y), 3.
        Span<int> counts = stackalloc int[4];
        for (int a = start; a < end; a++) counts[Quadrant(_order[a], midX, midY)]++;
        Span<int> offsets = stackalloc int[5];
        offsets[0] = start;
        for (int q = 0; q < 4; q++) offsets[q + 1] = offsets[q] + counts[q];
        Span<int> fill = stackalloc int[4];
        offsets[..4].CopyTo(fill);
        for (int a = start; a < end; a++)
        {
            int i = _order[a];
            _scratch[fill[Quadrant(i, midX, midY)]++] = i;
        }
        _scratch.AsSpan(start, end - start).CopyTo(_order.AsSpan(start, end - start));

        Span<int> children = stackalloc int[4];
        for (int q = 0; q < 4; q++)
            children[q] = counts[q] == 0 ? -1
                : BuildNode(offsets[q], offsets[q + 1], (q & 1) == 0 ? minX : midX, (q & 2) == 0 ? minY : midY, half, depth + 1);
        ref var self = ref _nodes[id]; // the array may have grown
        self.Child0 = children[0]; self.Child1 = children[1]; self.Child2 = children[2]; self.Child3 = children[3];
        double cx = 0, cy = 0;
        for (int q = 0; q < 4; q++)
        {
            if (children[q] < 0) continue;
            ref var c = ref _nodes[children[q]];
            cx += c.ComX * c.Count;
            cy += c.ComY * c.Count;
        }
        self.ComX = cx / self.Count;
        self.ComY = cy / self.Count;
        return id;
    }

    private int Quadrant(int i, double midX, double midY) => (_xs[i] >= midX ? 1 : 0) | (_ys[i] >= midY ? 2 : 0);

    private bool AllCoincide(int start, int end)
    {
        double x = _xs[_order[start]], y = _ys[_order[start]];
        for (int a = start + 1; a < end; a++)
            if (_xs[_order[a]] != x || _ys[_order[a]] != y) return false;
        return true;
    }

    /// <summary>
    /// For point <paramref name="self"/> at (x, y): z = Σ_{j≠i} w_ij and f = Σ_{j≠i} w_ij² (y_i − y_j), with
    /// w = 1/(1 + d²), cells whose side / distance to their centre of mass is below θ taken as one mass at that
    /// centre (never a cell that holds the point itself).
    /// </summary>
    public void Repulsion(int self, double x, double y, double theta, out double z, out double fx, out double fy)
    {
        z = 0; fx = 0; fy = 0;
        Span<int> stack = stackalloc int[4 * MaxDepth + 8];
        int top = 0;
        stack[top++] = 0;
        double theta2 = theta * theta;
        while (top > 0)
        {
            ref readonly var node = ref _nodes[stack[--top]];
            if (node.Start >= 0)
            {
                for (int a = node.Start; a < node.End; a++)
                {
                    int j = _order[a];
                    if (j == self) continue;
                    double dx = x - _xs[j], dy = y - _ys[j];
                    double w = 1 / (1 + dx * dx + dy * dy);
                    z += w;
                    fx += w * w * dx;
                    fy += w * w * dy;
                }
                continue;
            }
            double cx = x - node.ComX, cy = y - node.ComY;
            double d2 = cx * cx + cy * cy;
            bool inside = x >= node.MinX && x <= node.MinX + node.Size && y >= node.MinY && y <= node.MinY + node.Size;
            if (!inside && node.Size * node.Size < theta2 * d2)
            {
                double w = 1 / (1 + d2);
                double m = node.Count * w;
                z += m;
                fx += m * w * cx;
                fy += m * w * cy;
                continue;
            }
            // Children pushed in reverse so that quadrant 0 is visited first: a fixed order per point.
            if (node.Child3 >= 0) stack[top++] = node.Child3;
            if (node.Child2 >= 0) stack[top++] = node.Child2;
            if (node.Child1 >= 0) stack[top++] = node.Child1;
            if (node.Child0 >= 0) stack[top++] = node.Child0;
        }
    }
}
