using ZifPhase.Structures;

namespace ZifPhase.IO;

/// <summary>
/// LAMMPS box algebra, shared by the dump and data readers and the dump writer (LAMMPS manual, "Howto triclinic").
/// A restricted triclinic box is xlo xhi ylo yhi zlo zhi and the tilts xy xz yz; its lattice is
/// a = (xhi − xlo, 0, 0), b = (xy, yhi − ylo, 0), c = (xz, yz, zhi − zlo) with the origin (xlo, ylo, zlo): a along
/// x, b in the xy plane, a positive diagonal. A dump header does not give xlo xhi ylo yhi of a triclinic box but
/// the bounds of its bounding box (<see cref="BoundsToBox"/>, <see cref="BoxToBounds"/>). Any other lattice is
/// rotated into that orientation first (<see cref="Orient"/>).
/// </summary>
public static class LammpsBox
{
    /// <summary>
    /// The lattice vectors and origin of a restricted triclinic box (orthogonal when the tilts are 0):
    /// a = (xhi − xlo, 0, 0), b = (xy, yhi − ylo, 0), c = (xz, yz, zhi − zlo), origin (xlo, ylo, zlo).
    /// </summary>
    public static (Vec3 A, Vec3 B, Vec3 C, Vec3 Origin) Lattice(double xlo, double xhi, double ylo, double yhi, double zlo, double zhi,
        double xy = 0, double xz = 0, double yz = 0) =>
        (new Vec3(xhi - xlo, 0, 0), new Vec3(xy, yhi - ylo, 0), new Vec3(xz, yz, zhi - zlo), new Vec3(xlo, ylo, zlo));

    /// <summary>
    /// Restricted triclinic box from the bounds a dump writes:
    /// xlo = xlo_bound − min(0, xy, xz, xy+xz), xhi = xhi_bound − max(0, xy, xz, xy+xz),
    /// ylo = ylo_bound − min(0, yz), yhi = yhi_bound − max(0, yz), z unchanged.
    /// </summary>
    public static (double Xlo, double Xhi, double Ylo, double Yhi, double Zlo, double Zhi) BoundsToBox(
        double xloBound, double xhiBound, double yloBound, double yhiBound, double zloBound, double zhiBound,
        double xy, double xz, double yz)
    {
        var (xmin, xmax, ymin, ymax) = TiltExtents(xy, xz, yz);
        return (xloBound - xmin, xhiBound - xmax, yloBound - ymin, yhiBound - ymax, zloBound, zhiBound);
    }

    /// <summary>
    /// The bounds a dump writes for a restricted triclinic box (inverse of <see cref="BoundsToBox"/>):
    /// xlo_bound = xlo + min(0, xy, xz, xy+xz), xhi_bound = xhi + max(0, xy, xz, xy+xz),
    /// ylo_bound = ylo + min(0, yz), yhi_bound = yhi + max(0, yz). Where floating-point rounding allows,
    /// the bounds are chosen (within a few ulps) so that <see cref="BoundsToBox"/> gives back exactly
    /// xlo, xhi − xlo, ylo and yhi − ylo. For most boxes, those read from a dump included, read → write → read is
    /// then bit-exact; where no nearby double gives both a bound and an edge exactly (possible with tilts), the
    /// edge lengths lx, ly, lz come back one or two ulps off, because a reader gets them as differences of two
    /// written numbers.
    /// </summary>
    public static (double XloBound, double XhiBound, double YloBound, double YhiBound, double ZloBound, double ZhiBound) BoxToBounds(
        Vec3 origin, double lx, double ly, double lz, double xy, double xz, double yz)
    {
        var (xmin, xmax, ymin, ymax) = TiltExtents(xy, xz, yz);
        double xhi = EndFor(origin.X, lx), yhi = EndFor(origin.Y, ly), zhi = EndFor(origin.Z, lz);
        return (BoundFor(origin.X, xmin), BoundFor(xhi, xmax), BoundFor(origin.Y, ymin), BoundFor(yhi, ymax), origin.Z, zhi);
    }

    /// <summary>
    /// The lattice of <paramref name="cell"/> as LAMMPS wants it (a along x, b in the xy plane, positive diagonal)
    /// and the rotation used, null when the lattice already is in that orientation. A left-handed lattice first has
    /// c replaced by −c (and the origin moved by c), which spans the same box; then one rotation about the
    /// coordinate origin takes a onto x and b into the xy plane (lengths and angles are kept). Apply the rotation
    /// to positions and vectors (forces, velocities) to keep them in the box.
    /// </summary>
    public static (Vec3 A, Vec3 B, Vec3 C, Vec3 Origin, LammpsRotation? Rotation) Orient(Cell cell)
    {
        Vec3 a = cell.A, b = cell.B, c = cell.C, origin = cell.Origin;
        if (a.Y == 0 && a.Z == 0 && b.Z == 0 && a.X > 0 && b.Y > 0 && c.Z > 0) return (a, b, c, origin, null);
        if (Vec3.Dot(a, Vec3.Cross(b, c)) < 0)
        {
            origin += c;
            c = -c;
        }
        var e1 = a / a.Length;
        var bPerp = b - Vec3.Dot(b, e1) * e1;
        var e2 = bPerp / bPerp.Length;
        var e3 = Vec3.Cross(e1, e2);
        var rot = new LammpsRotation(e1, e2, e3);
        var c2 = rot.Apply(c);
        return (new Vec3(a.Length, 0, 0), new Vec3(Vec3.Dot(b, e1), Vec3.Dot(b, e2), 0), c2, rot.Apply(origin), rot);
    }

    private static (double XMin, double XMax, double YMin, double YMax) TiltExtents(double xy, double xz, double yz) =>
        (Math.Min(Math.Min(0.0, xy), Math.Min(xz, xy + xz)), Math.Max(Math.Max(0.0, xy), Math.Max(xz, xy + xz)),
            Math.Min(0.0, yz), Math.Max(0.0, yz));

    /// <summary>hi with hi − lo == length exactly when a nearby double allows it.</summary>
    private static double EndFor(double lo, double length)
    {
        double hi = lo + length;
        return Nearby(hi, h => h - lo == length);
    }

    /// <summary>bound with bound − shift == value exactly when a nearby double allows it.</summary>
    private static double BoundFor(double value, double shift)
    {
        double bound = value + shift;
        return Nearby(bound, b => b - shift == value);
    }

    private static double Nearby(double guess, Func<double, bool> exact)
    {
        if (exact(guess)) return guess;
        double up = guess, down = guess;
        for (int k = 0; k < 4; k++)
        {
            up = Math.BitIncrement(up);
            if (exact(up)) return up;
            down = Math.BitDecrement(down);
            if (exact(down)) return down;
        }
        return guess;
    }
}

/// <summary>A proper rotation given by the orthonormal rows e1, e2, e3: v ↦ (v·e1, v·e2, v·e3).</summary>
public readonly record struct LammpsRotation(Vec3 E1, Vec3 E2, Vec3 E3)
{
    /// <summary>The vector in the LAMMPS orientation.</summary>
    public Vec3 Apply(Vec3 v) => new(Vec3.Dot(v, E1), Vec3.Dot(v, E2), Vec3.Dot(v, E3));

    /// <summary>The vector back in the original orientation (the inverse, the transpose, of <see cref="Apply"/>).</summary>
    public Vec3 Invert(Vec3 v) => v.X * E1 + v.Y * E2 + v.Z * E3;
}
