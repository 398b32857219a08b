using System.Runtime.CompilerServices;

namespace ZifPhase.Structures;

/// <summary>
/// A triclinic simulation cell: lattice vectors a, b, c as rows (Å), an origin (the LAMMPS box corner), and
/// periodicity per axis. Fractional coordinates s relate to Cartesian r by r = origin + s·L, with L the
/// matrix whose rows are a, b, c. A frame without any cell uses <see cref="None"/>.
/// </summary>
public sealed class Cell
{
    /// <summary>First lattice vector a (Å), a row of the lattice matrix.</summary>
    public Vec3 A { get; }
    /// <summary>Second lattice vector b (Å).</summary>
    public Vec3 B { get; }
    /// <summary>Third lattice vector c (Å).</summary>
    public Vec3 C { get; }
    /// <summary>
    /// Cartesian position (Å) of fractional (0, 0, 0): the LAMMPS box corner (xlo, ylo, zlo), zero for files without one.
    /// </summary>
    public Vec3 Origin { get; }
    /// <summary>Whether the cell repeats along a (LAMMPS boundary p on x).</summary>
    public bool PeriodicA { get; }
    /// <summary>Whether the cell repeats along b.</summary>
    public bool PeriodicB { get; }
    /// <summary>Whether the cell repeats along c.</summary>
    public bool PeriodicC { get; }

    // Rows of the inverse lattice matrix: s = (r - origin)·Inv, i.e. s_i = Σ_k (r - origin)_k Inv[k][i].
    private readonly Vec3 _invX, _invY, _invZ;
    private readonly bool _hasLattice;

    /// <summary>No cell at all: zero lattice vectors, no periodicity (a cluster or a file without box information).</summary>
    public static Cell None { get; } = new(Vec3.Zero, Vec3.Zero, Vec3.Zero, Vec3.Zero, false, false, false);

    /// <summary>
    /// A cell from its lattice vectors (Å, rows of the lattice matrix), origin (Å) and periodicity per axis.
    /// </summary>
    /// <exception cref="ArgumentException">The cell is periodic along some axis but a, b, c are not linearly independent (|det| ≤ 1e-12 Å³).</exception>
    public Cell(Vec3 a, Vec3 b, Vec3 c, Vec3 origin = default, bool periodicA = true, bool periodicB = true, bool periodicC = true)
    {
        A = a;
        B = b;
        C = c;
        Origin = origin;
        PeriodicA = periodicA;
        PeriodicB = periodicB;
        PeriodicC = periodicC;
        double det = Vec3.Dot(a, Vec3.Cross(b, c));
        _hasLattice = Math.Abs(det) > 1e-12;
        if ((periodicA || periodicB || periodicC) && !_hasLattice)
            throw new ArgumentException("a periodic cell needs three linearly independent lattice vectors");
        if (_hasLattice)
        {
            // Inverse of the row matrix L: columns of L^-1 are (b×c, c×a, a×b)/det.
            var bc = Vec3.Cross(b, c) / det;
            var ca = Vec3.Cross(c, a) / det;
            var ab = Vec3.Cross(a, b) / det;
            _invX = new Vec3(bc.X, ca.X, ab.X);
            _invY = new Vec3(bc.Y, ca.Y, ab.Y);
            _invZ = new Vec3(bc.Z, ca.Z, ab.Z);
        }
    }

    /// <summary>Cell from lengths (Å) and angles (degrees) in the standard orientation: a along x, b in the xy plane.</summary>
    public static Cell FromParameters(double a, double b, double c, double alpha, double beta, double gamma,
        Vec3 origin = default, bool periodicA = true, bool periodicB = true, bool periodicC = true)
    {
        if (!(a > 0) || !(b > 0) || !(c > 0)) throw new ArgumentException($"cell lengths must be positive, not {a}, {b}, {c}");
        if (!(alpha > 0 && alpha < 180) || !(beta > 0 && beta < 180) || !(gamma > 0 && gamma < 180))
            throw new ArgumentException($"cell angles must lie strictly between 0° and 180°, not {alpha}, {beta}, {gamma}");
        double ca = CosDeg(alpha), cb = CosDeg(beta), cg = CosDeg(gamma), sg = SinDeg(gamma);
        var va = new Vec3(a, 0, 0);
        var vb = new Vec3(b * cg, b * sg, 0);
        double cx = c * cb;
        double cy = c * (ca - cb * cg) / sg;
        double cz2 = c * c - cx * cx - cy * cy;
        if (cz2 <= 0) throw new ArgumentException("cell angles do not describe a valid cell");
        return new Cell(va, vb, new Vec3(cx, cy, Math.Sqrt(cz2)), origin, periodicA, periodicB, periodicC);
    }

    /// <summary>Orthorhombic cell with edges along x, y, z.</summary>
    public static Cell Orthorhombic(double lx, double ly, double lz, Vec3 origin = default) =>
        new(new Vec3(lx, 0, 0), new Vec3(0, ly, 0), new Vec3(0, 0, lz), origin);

    // Exact values at the right angles keep orthogonal cells free of 1e-17 noise.
    private static double CosDeg(double deg) => deg == 90 ? 0 : deg == 60 ? 0.5 : deg == 120 ? -0.5 : Math.Cos(deg * Math.PI / 180);
    private static double SinDeg(double deg) => deg == 90 ? 1 : Math.Sin(deg * Math.PI / 180);

    /// <summary>Whether a, b, c span a volume (|det| above 1e-12 Å³), so that fractional coordinates exist.</summary>
    public bool HasLattice => _hasLattice;
    /// <summary>Whether the cell repeats along <paramref name="axis"/> (0 = a, 1 = b, 2 = c).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is not 0, 1 or 2.</exception>
    public bool IsPeriodic(int axis) => axis switch { 0 => PeriodicA, 1 => PeriodicB, 2 => PeriodicC, _ => throw new ArgumentOutOfRangeException(nameof(axis)) };
    /// <summary>Whether the cell repeats along at least one axis.</summary>
    public bool AnyPeriodic => PeriodicA || PeriodicB || PeriodicC;
    /// <summary>Whether the cell repeats along all three axes (a bulk crystal or MD box).</summary>
    public bool FullyPeriodic => PeriodicA && PeriodicB && PeriodicC;
    /// <summary>Lattice vector number <paramref name="axis"/> (0 = a, 1 = b, 2 = c), in Å.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is not 0, 1 or 2.</exception>
    public Vec3 Vector(int axis) => axis switch { 0 => A, 1 => B, 2 => C, _ => throw new ArgumentOutOfRangeException(nameof(axis)) };

    /// <summary>|a| in Å.</summary>
    public double LengthA => A.Length;
    /// <summary>|b| in Å.</summary>
    public double LengthB => B.Length;
    /// <summary>|c| in Å.</summary>
    public double LengthC => C.Length;
    /// <summary>α, the angle between b and c, in degrees.</summary>
    public double Alpha => AngleDeg(B, C);
    /// <summary>β, the angle between a and c, in degrees.</summary>
    public double Beta => AngleDeg(A, C);
    /// <summary>γ, the angle between a and b, in degrees.</summary>
    public double Gamma => AngleDeg(A, B);
    /// <summary>Cell volume |a·(b×c)| in Å³ (0 for <see cref="None"/>).</summary>
    public double Volume => Math.Abs(Vec3.Dot(A, Vec3.Cross(B, C)));

    /// <summary>(a, b, c, α, β, γ) in Å and degrees.</summary>
    public (double A, double B, double C, double Alpha, double Beta, double Gamma) Parameters =>
        (LengthA, LengthB, LengthC, Alpha, Beta, Gamma);

    private static double AngleDeg(Vec3 u, Vec3 v)
    {
        double cos = Vec3.Dot(u, v) / (u.Length * v.Length);
        return Math.Acos(Math.Clamp(cos, -1, 1)) * 180 / Math.PI;
    }

    /// <summary>
    /// Distances between opposite faces (Å): V/|b×c|, V/|c×a|, V/|a×b|. A sphere of radius r fits in the cell
    /// without touching its own images only if r is below half of each.
    /// </summary>
    public Vec3 PerpendicularWidths
    {
        get
        {
            double v = Volume;
            return new Vec3(v / Vec3.Cross(B, C).Length, v / Vec3.Cross(C, A).Length, v / Vec3.Cross(A, B).Length);
        }
    }

    /// <summary>
    /// Fractional coordinates s of Cartesian position <paramref name="r"/> (Å): s = (r − Origin)·L⁻¹. Meaningless without a lattice.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3 ToFractional(Vec3 r)
    {
        var d = r - Origin;
        return new Vec3(
            d.X * _invX.X + d.Y * _invY.X + d.Z * _invZ.X,
            d.X * _invX.Y + d.Y * _invY.Y + d.Z * _invZ.Y,
            d.X * _invX.Z + d.Y * _invY.Z + d.Z * _invZ.Z);
    }

    /// <summary>Fractional components of a displacement (no origin shift).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3 DisplacementToFractional(Vec3 d) => new(
        d.X * _invX.X + d.Y * _invY.X + d.Z * _invZ.X,
        d.X * _invX.Y + d.Y * _invY.Y + d.Z * _invZ.Y,
        d.X * _invX.Z + d.Y * _invY.Z + d.Z * _invZ.Z);

    /// <summary>Cartesian position (Å) of fractional coordinates <paramref name="s"/>: Origin + s·L.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3 ToCartesian(Vec3 s) => Origin + FractionalToDisplacement(s);

    /// <summary>Cartesian displacement (Å) of fractional components <paramref name="s"/>: s·L, no origin shift.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3 FractionalToDisplacement(Vec3 s) => new(
        s.X * A.X + s.Y * B.X + s.Z * C.X,
        s.X * A.Y + s.Y * B.Y + s.Z * C.Y,
        s.X * A.Z + s.Y * B.Z + s.Z * C.Z);

    /// <summary>Lattice translation n_a·a + n_b·b + n_c·c.</summary>
    public Vec3 Translation(int na, int nb, int nc) => FractionalToDisplacement(new Vec3(na, nb, nc));

    /// <summary>Position moved into the cell along every periodic axis (fractional coordinate in [0, 1)).</summary>
    public Vec3 Wrap(Vec3 r)
    {
        if (!AnyPeriodic) return r;
        var s = ToFractional(r);
        s = new Vec3(
            PeriodicA ? WrapUnit(s.X) : s.X,
            PeriodicB ? WrapUnit(s.Y) : s.Y,
            PeriodicC ? WrapUnit(s.Z) : s.Z);
        return ToCartesian(s);
    }

    internal static double WrapUnit(double s)
    {
        double w = s - Math.Floor(s);
        return w >= 1.0 ? 0.0 : w; // -1e-18 - floor gives 1.0 in double
    }

    /// <summary>
    /// The shortest periodic image of displacement d: rounds in fractional space, then tries the 26 neighbouring
    /// images, which finds the true minimum for every cell whose tilts stay within the LAMMPS limits
    /// (|xy| ≤ lx/2 and so on) and for far more skewed cells in practice.
    /// </summary>
    public Vec3 MinimumImage(Vec3 d)
    {
        if (!AnyPeriodic) return d;
        var s = DisplacementToFractional(d);
        s = new Vec3(
            PeriodicA ? s.X - Math.Round(s.X) : s.X,
            PeriodicB ? s.Y - Math.Round(s.Y) : s.Y,
            PeriodicC ? s.Z - Math.Round(s.Z) : s.Z);
        var best = FractionalToDisplacement(s);
        double bestSq = best.LengthSquared;
        int ra = PeriodicA ? 1 : 0, rb = PeriodicB ? 1 : 0, rc = PeriodicC ? 1 : 0;
        var baseVec = best;
        for (int i = -ra; i <= ra; i++)
        for (int j = -rb; j <= rb; j++)
        for (int k = -rc; k <= rc; k++)
        {
            if (i == 0 && j == 0 && k == 0) continue;
            var cand = baseVec + Translation(i, j, k);
            double sq = cand.LengthSquared;
            if (sq < bestSq)
            {
                bestSq = sq;
                best = cand;
            }
        }
        return best;
    }

    /// <summary>
    /// Distance (Å) between <paramref name="r1"/> and the nearest periodic image of <paramref name="r2"/> (see <see cref="MinimumImage"/>).
    /// </summary>
    public double MinimumImageDistance(Vec3 r1, Vec3 r2) => MinimumImage(r2 - r1).Length;

    /// <summary>The same lattice and origin with the given periodicity along a, b, c.</summary>
    /// <exception cref="ArgumentException">A periodic axis is asked for but the cell has no lattice.</exception>
    public Cell WithPeriodicity(bool a, bool b, bool c) => new(A, B, C, Origin, a, b, c);
    /// <summary>The same lattice and periodicity with another origin (Å).</summary>
    public Cell WithOrigin(Vec3 origin) => new(A, B, C, origin, PeriodicA, PeriodicB, PeriodicC);

    /// <summary>
    /// Lengths (Å), angles (degrees) and periodicity flags, e.g. "Cell(a=…, α=…, pbc=TTT)", or a no-cell marker.
    /// </summary>
    public override string ToString() =>
        _hasLattice
            ? FormattableString.Invariant($"Cell(a={LengthA:F4}, b={LengthB:F4}, c={LengthC:F4}, α={Alpha:F3}, β={Beta:F3}, γ={Gamma:F3}, pbc={(PeriodicA ? 'T' : 'F')}{(PeriodicB ? 'T' : 'F')}{(PeriodicC ? 'T' : 'F')})")
            : "Cell(none)";
}
