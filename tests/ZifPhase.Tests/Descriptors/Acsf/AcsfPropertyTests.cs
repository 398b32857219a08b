using Xunit.Abstractions;
using ZifPhase.Descriptors;
using ZifPhase.Descriptors.Acsf;
using ZifPhase.IO;
using ZifPhase.Neighbors;
using ZifPhase.Structures;
using static ZifPhase.Tests.Descriptors.Acsf.AcsfTestSupport;

namespace ZifPhase.Tests.Descriptors.Acsf;

/// <summary>Invariances, layout, threads and the neighbour-list contract, on seeded random and real structures.</summary>
public class AcsfPropertyTests(ITestOutputHelper output)
{
    public static TheoryData<string> SpecNames => new() { "general", "zeta1-commensurate", "zeta1-incommensurate" };

    private static AcsfSpec SpecByName(string name) => name switch
    {
        "general" => GeneralSpec(),
        "zeta1-commensurate" => Zeta1Spec(commensurate: true),
        _ => Zeta1Spec(commensurate: false),
    };

    private static int[] All(Frame f) => Enumerable.Range(0, f.AtomCount).ToArray();

    private static void AssertRowsClose(double[] expected, double[] actual, int dim, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int c = 0; c < expected.Length / dim; c++)
        {
            double e = RelativeError(actual.AsSpan(c * dim, dim), expected.AsSpan(c * dim, dim));
            Assert.True(e <= tolerance, $"{what}: row {c} differs by {e:E2} relative");
        }
    }

    /// <summary>The vectorised kernels against the naive transcription of DScribe's formulas, two species, many images.</summary>
    [Theory]
    [MemberData(nameof(SpecNames))]
    public void MatchesNaiveTranscription(string specName)
    {
        var spec = SpecByName(specName);
        double worst = 0;
        for (int seed = 1; seed <= 3; seed++)
        {
            var frame = RandomFrame(new Random(seed), zn: 5, n: 9);
            var d = new AcsfDescriptor(spec, 1);
            var rows = d.Compute(frame, All(frame));
            var naive = NaiveAcsf.Rows(frame, spec, All(frame));
            for (int c = 0; c < frame.AtomCount; c++)
            {
                var got = rows.AsSpan(c * d.Dimension, d.Dimension);
                var want = naive.AsSpan(c * d.Dimension, d.Dimension);
                worst = Math.Max(worst, RelativeError(got, want));
                // Element by element too: the small angular values must not hide behind G1 in the norm.
                double norm = Math.Sqrt(want.ToArray().Sum(v => v * v));
                for (int q = 0; q < d.Dimension; q++)
                    Assert.True(Math.Abs(got[q] - want[q]) <= 1e-12 * Math.Abs(want[q]) + 1e-15 * norm,
                        $"{d.FeatureNames[q]} of atom {c}: {got[q]:R} vs {want[q]:R}");
            }
            Assert.Contains(rows, v => v != 0);
            // Angular blocks of every species pair are populated.
            for (int a = 0; a < 2; a++)
            for (int b = 0; b <= a; b++)
                Assert.Contains(Enumerable.Range(0, frame.AtomCount), c => rows[c * d.Dimension + d.AngularOffset(a, b)] != 0);
        }
        output.WriteLine($"{specName}: max ‖Δ‖/‖naive‖ = {worst:E2}");
        Assert.True(worst <= 1e-12, $"{worst:E2}");
    }

    [Fact]
    public void RotationTranslationAndPermutationInvariance()
    {
        var rng = new Random(42);
        var frame = RandomFrame(rng, zn: 6, n: 8);
        var spec = GeneralSpec();
        var d = new AcsfDescriptor(spec, 1);
        var rows = d.Compute(frame, All(frame));

        // Rotation of positions and cell (a random unit quaternion).
        double qw = rng.NextDouble() - 0.5, qx = rng.NextDouble() - 0.5, qy = rng.NextDouble() - 0.5, qz = rng.NextDouble() - 0.5;
        double qn = Math.Sqrt(qw * qw + qx * qx + qy * qy + qz * qz);
        (qw, qx, qy, qz) = (qw / qn, qx / qn, qy / qn, qz / qn);
        Vec3 Rotate(Vec3 v) => new(
            (1 - 2 * (qy * qy + qz * qz)) * v.X + 2 * (qx * qy - qz * qw) * v.Y + 2 * (qx * qz + qy * qw) * v.Z,
            2 * (qx * qy + qz * qw) * v.X + (1 - 2 * (qx * qx + qz * qz)) * v.Y + 2 * (qy * qz - qx * qw) * v.Z,
            2 * (qx * qz - qy * qw) * v.X + 2 * (qy * qz + qx * qw) * v.Y + (1 - 2 * (qx * qx + qy * qy)) * v.Z);
        var c = frame.Cell;
        var rotated = new Frame(frame.Positions.Select(Rotate).ToArray(), frame.Elements,
            new Cell(Rotate(c.A), Rotate(c.B), Rotate(c.C)));
        AssertRowsClose(rows, d.Compute(rotated, All(rotated)), d.Dimension, 1e-12, "rotation");

        // Translation (positions leave the cell: they are not wrapped).
        var shift = new Vec3(13.7, -25.2, 40.1);
        var moved = new Frame(frame.Positions.Select(p => p + shift).ToArray(), frame.Elements, c);
        AssertRowsClose(rows, d.Compute(moved, All(moved)), d.Dimension, 1e-12, "translation");

        // Wrapping single atoms by lattice vectors.
        var wrapped = new Frame(frame.Positions.Select((p, i) => p + c.Translation(i % 3 - 1, 2 - i % 5, i % 2)).ToArray(), frame.Elements, c);
        AssertRowsClose(rows, d.Compute(wrapped, All(wrapped)), d.Dimension, 1e-12, "lattice shifts");

        // Permutation of the atoms: row of atom a = row of its new index.
        var perm = All(frame).OrderBy(_ => rng.Next()).ToArray(); // atom a goes to perm[a]
        var pos = new Vec3[frame.AtomCount];
        var el = new Element[frame.AtomCount];
        for (int a = 0; a < frame.AtomCount; a++)
        {
            pos[perm[a]] = frame.Positions[a];
            el[perm[a]] = frame.Elements[a];
        }
        var permuted = new Frame(pos, el, c);
        AssertRowsClose(rows, d.Compute(permuted, perm), d.Dimension, 1e-12, "permutation");
    }

    [Fact]
    public void SupercellCopiesOfAZincGiveItsRow()
    {
        var unit = TrajectoryReader.ReadFirst(TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif"));
        var super = unit.Replicate(2, 2, 2);
        var zn = unit.IndicesOf(Element.Zn);
        Assert.Equal(16, zn.Length);
        var d = new AcsfDescriptor(AcsfSpec.PaperBpsf);
        int n = unit.AtomCount;
        var picks = new[] { zn[0], zn[7], zn[15] };
        var rows = d.Compute(unit, picks);
        foreach (int image in new[] { 0, 3, 7 })
        {
            var copies = picks.Select(a => image * n + a).ToArray();
            Assert.All(copies, a => Assert.Equal(Element.Zn, super.Elements[a]));
            AssertRowsClose(rows, d.Compute(super, copies), d.Dimension, 1e-12, $"image {image}");
        }
        Assert.All(rows, v => Assert.True(v > 0));
    }

    [Fact]
    public void ContinuousAcrossTheCutoff()
    {
        var spec = AcsfSpec.PaperBpsf with { G5Params = [[0.02, 1, 1], [0.01, 2, -1]] };
        var d = new AcsfDescriptor(spec, 1);
        double rc = spec.RCut, eps = 1e-6;
        var dir = new Vec3(0.48, -0.6, 0.64); // unit length
        Frame At(double r) => new(
            [new Vec3(0, 0, 0), new Vec3(5.8, 0.3, -0.2), new Vec3(-1.1, 6.1, 0.7), new Vec3(2.2, -3.0, 7.9), dir * r],
            [Element.Zn, Element.Zn, Element.Zn, Element.Zn, Element.Zn], Cell.None);
        var inside = d.Compute(At(rc - eps), [0]);
        var outside = d.Compute(At(rc + eps), [0]);
        double diff = RelativeError(inside, outside);
        output.WriteLine($"row change across r_cut ± {eps}: {diff:E2} of its norm");
        Assert.True(diff < 1e-3, $"{diff:E2}");
        Assert.True(diff > 0);
    }

    /// <summary>
    /// Two species N (Z 7) and Zn (Z 30): the row is [N: G1 G2 G3][Zn: G1 G2 G3][N–N][N–Zn][Zn–Zn]. Removing the N
    /// atoms from the neighbours (relabelled C) zeroes exactly the N blocks; the Zn blocks are the Zn-only spec's.
    /// </summary>
    [Fact]
    public void TwoSpeciesLayout()
    {
        var frame = RandomFrame(new Random(7), zn: 6, n: 8);
        var spec = GeneralSpec();
        var d = new AcsfDescriptor(spec, 1);
        int radial = 1 + spec.G2Params.Count + spec.G3Params.Count, angular = spec.G4Params.Count + spec.G5Params.Count;
        Assert.Equal([Element.N, Element.Zn], d.Species);
        Assert.Equal(2 * radial + 3 * angular, d.Dimension);
        Assert.Equal(0, d.RadialOffset(0));
        Assert.Equal(radial, d.RadialOffset(1));
        Assert.Equal(2 * radial, d.AngularOffset(0, 0));
        Assert.Equal(2 * radial + angular, d.AngularOffset(1, 0));
        Assert.Equal(2 * radial + angular, d.AngularOffset(0, 1));
        Assert.Equal(2 * radial + 2 * angular, d.AngularOffset(1, 1));
        Assert.Equal("G1_N", d.FeatureNames[0]);
        Assert.Equal("G1_Zn", d.FeatureNames[radial]);
        Assert.Equal("G2_Zn_eta0.3_rs2.5", d.FeatureNames[radial + 2]);
        Assert.Equal("G3_N_kappa1.9", d.FeatureNames[radial - 1]);
        Assert.Equal("G4_N-N_eta0.01_zeta1_lambda1", d.FeatureNames[2 * radial]);
        Assert.Equal("G4_N-Zn_eta0.013_zeta2_lambda-1", d.FeatureNames[2 * radial + angular + 2]);
        Assert.Equal("G5_Zn-Zn_eta0.007_zeta1_lambda-1", d.FeatureNames[d.Dimension - 1]);
        Assert.Equal(d.Dimension, d.FeatureNames.Distinct().Count());

        var centres = All(frame);
        var rows = d.Compute(frame, centres);
        var noN = new Frame(frame.Positions, frame.Elements.Select(e => e == Element.N ? Element.C : e).ToArray(), frame.Cell);
        var rowsNoN = d.Compute(noN, centres);
        var znOnly = new AcsfDescriptor(spec with { Species = ["Zn"] }, 1);
        var rowsZn = znOnly.Compute(frame, centres);
        var nOnly = new AcsfDescriptor(spec with { Species = ["N"] }, 1);
        var rowsN = nOnly.Compute(frame, centres);
        int dim = d.Dimension, dz = znOnly.Dimension;
        for (int c = 0; c < centres.Length; c++)
        {
            var row = rows.AsSpan(c * dim, dim);
            var row0 = rowsNoN.AsSpan(c * dim, dim);
            var zrow = rowsZn.AsSpan(c * dz, dz);
            var nrow = rowsN.AsSpan(c * dz, dz);
            // N blocks vanish without N neighbours; Zn blocks do not change.
            Assert.All(row0.Slice(0, radial).ToArray(), v => Assert.Equal(0.0, v));
            Assert.All(row0.Slice(2 * radial, 2 * angular).ToArray(), v => Assert.Equal(0.0, v));
            Assert.Equal(row.Slice(radial, radial).ToArray(), row0.Slice(radial, radial).ToArray());
            Assert.Equal(zrow.Slice(0, radial).ToArray(), row.Slice(radial, radial).ToArray());
            Assert.Equal(nrow.Slice(0, radial).ToArray(), row.Slice(0, radial).ToArray());
            for (int q = 0; q < angular; q++)
            {
                Assert.Equal(zrow[radial + q], row[2 * radial + 2 * angular + q], 1e-14);
                Assert.Equal(zrow[radial + q], row0[2 * radial + 2 * angular + q], 1e-14);
                Assert.Equal(nrow[radial + q], row[2 * radial + q], 1e-14);
            }
        }
        Assert.Contains(Enumerable.Range(0, centres.Length), c => rows[c * dim + 2 * radial + angular] != 0);
    }

    [Fact]
    public void RowsAreBitwiseIdenticalForAnyThreadCount()
    {
        var unit = TrajectoryReader.ReadFirst(TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif"));
        var super = unit.Replicate(2, 2, 1);
        var zn = super.IndicesOf(Element.Zn);
        var random = RandomFrame(new Random(3), zn: 12, n: 20);
        foreach (var (frame, spec, centres) in new[] { (super, AcsfSpec.PaperBpsf, zn), (random, GeneralSpec(), All(random)) })
        {
            var one = new AcsfDescriptor(spec, 1).Compute(frame, centres);
            var two = new AcsfDescriptor(spec, 2).Compute(frame, centres);
            var all = new AcsfDescriptor(spec, -1).Compute(frame, centres);
            Assert.Equal(one.Select(BitConverter.DoubleToInt64Bits), two.Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(one.Select(BitConverter.DoubleToInt64Bits), all.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Fact]
    public void NeighbourListWithLargerCutoffAndMoreElementsGivesTheSameRows()
    {
        var frame = RandomFrame(new Random(11), zn: 6, n: 8);
        var spec = Zeta1Spec(commensurate: true);
        var d = new AcsfDescriptor(spec, 1);
        var centres = All(frame);
        var own = d.Compute(frame, centres);
        var wide = NeighborList.Build(frame, centres, spec.RCut + 2.5);
        var rows = new double[own.Length];
        d.Compute(frame, wide, rows);
        Assert.Equal(own, rows);

        var narrow = NeighborList.Build(frame, centres, spec.RCut - 0.5);
        Assert.Throws<ArgumentException>(() => d.Compute(frame, narrow, rows));
        Assert.Throws<ArgumentException>(() => d.Compute(frame, wide, new double[own.Length + 1]));
    }

    [Fact]
    public void CentresWithoutNeighboursAndOtherElementsAsCentres()
    {
        var frame = new Frame([new Vec3(0, 0, 0), new Vec3(30, 0, 0), new Vec3(31.5, 0, 0)],
            [Element.Zn, Element.N, Element.Zn], Cell.None);
        var d = new AcsfDescriptor(AcsfSpec.PaperBpsf with { G1 = true }, 1);
        var rows = d.Compute(frame, [0, 1, 2]);
        Assert.All(rows.AsSpan(0, 13).ToArray(), v => Assert.Equal(0.0, v)); // isolated Zn
        Assert.Equal(0.5 * (Math.Cos(Math.PI * 1.5 / 13) + 1), rows[13], 1e-15); // the N centre sees one Zn
        Assert.All(rows.AsSpan(26, 13).ToArray(), v => Assert.Equal(0.0, v)); // the other Zn sees no Zn
        Assert.Empty(d.Compute(frame, []));
    }

    [Fact]
    public void InvalidSettingsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new AcsfDescriptor(AcsfSpec.PaperBpsf with { G4Params = [[0.1, 1.0]] }));
        Assert.Throws<ArgumentException>(() => new AcsfDescriptor(AcsfSpec.PaperBpsf with { RCut = 0 }));
        Assert.Throws<ArgumentException>(() => new AcsfDescriptor(AcsfSpec.PaperBpsf with { Species = ["Xx"] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AcsfDescriptor(AcsfSpec.PaperBpsf, 0));
    }
}
