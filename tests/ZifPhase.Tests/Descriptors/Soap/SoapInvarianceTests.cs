using Xunit.Abstractions;
using ZifPhase.Descriptors;
using ZifPhase.Descriptors.Soap;
using ZifPhase.Structures;

namespace ZifPhase.Tests.Descriptors.Soap;

/// <summary>
/// Physics: rotation, translation, permutation, supercell replication, thread-count independence on the reference
/// systems (the continuity across the cutoff is the descriptor contract's, SoapContractTests).
/// </summary>
public class SoapInvarianceTests(ITestOutputHelper output)
{
    private static int[] AllAtoms(Frame f) => Enumerable.Range(0, f.AtomCount).ToArray();

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void RotationAndTranslationOfPositionsAndCell(int seed)
    {
        var frame = SoapTestSystems.Triclinic();
        var rotate = SoapTestSystems.RandomRotation(seed);
        var rng = new Random(seed);
        var shift = new Vec3(rng.NextDouble() * 20 - 10, rng.NextDouble() * 20 - 10, rng.NextDouble() * 20 - 10);
        var cell = frame.Cell;
        var moved = new Frame(frame.Positions.Select(p => rotate(p) + shift).ToArray(), frame.Elements,
            new Cell(rotate(cell.A), rotate(cell.B), rotate(cell.C)));
        var centres = AllAtoms(frame);
        foreach (var spec in new[] { SoapSpec.PaperSoap, SoapTestSystems.Medium() })
        {
            var soap = new SoapDescriptor(spec);
            double err = SoapTestSystems.MaxRowDifference(soap.Compute(moved, centres), soap.Compute(frame, centres), soap.Dimension);
            output.WriteLine($"n_max {spec.NMax}: max relative change {err:E2}");
            Assert.True(err <= 1e-10, $"rotation/translation changed a row by {err:E2}");
        }
    }

    [Fact]
    public void WrappingAtomsIntoTheCellChangesNothing()
    {
        var frame = SoapTestSystems.Triclinic();
        var rng = new Random(5);
        // Move every atom by a random whole lattice vector: the same periodic system.
        var moved = new Frame(frame.Positions.Select(p => p + frame.Cell.Translation(rng.Next(-2, 3), rng.Next(-2, 3), rng.Next(-2, 3))).ToArray(),
            frame.Elements, frame.Cell);
        var soap = new SoapDescriptor(SoapTestSystems.Medium());
        var centres = AllAtoms(frame);
        double err = SoapTestSystems.MaxRowDifference(soap.Compute(moved, centres), soap.Compute(frame, centres), soap.Dimension);
        Assert.True(err <= 1e-12, $"lattice translations of atoms changed a row by {err:E2}");
    }

    [Fact]
    public void PermutationOfAtomsPermutesRows()
    {
        var frame = SoapTestSystems.Triclinic();
        var perm = AllAtoms(frame);
        new Random(3).Shuffle(perm); // new atom i is old atom perm[i]
        var permuted = new Frame(perm.Select(i => frame.Positions[i]).ToArray(), perm.Select(i => frame.Elements[i]).ToArray(), frame.Cell);
        foreach (var spec in new[] { SoapSpec.PaperSoap, SoapTestSystems.Medium() })
        {
            var soap = new SoapDescriptor(spec);
            var reference = soap.Compute(frame, perm); // old atoms in the new order
            var rows = soap.Compute(permuted, AllAtoms(frame));
            double err = SoapTestSystems.MaxRowDifference(rows, reference, soap.Dimension);
            Assert.True(err <= 1e-12, $"permutation changed a row by {err:E2}");
        }
    }

    [Fact]
    public void SupercellCopiesOfAZincGiveTheSameRow()
    {
        var unit = SoapTestSystems.Zif4();
        var super = unit.Replicate(2, 2, 2);
        var zinc = unit.IndicesOf(Element.Zn);
        // Image (1, 1, 1) is the last of the eight images in Replicate's order.
        var copies = zinc.Select(i => 7 * unit.AtomCount + i).ToArray();
        Assert.All(copies, i => Assert.Equal(Element.Zn, super.Elements[i]));
        var soap = new SoapDescriptor(SoapSpec.PaperSoap);
        double err = SoapTestSystems.MaxRowDifference(soap.Compute(super, copies), soap.Compute(unit, zinc), soap.Dimension);
        output.WriteLine($"ZIF-4 1x1x1 vs 2x2x2: max relative difference {err:E2}");
        Assert.True(err <= 1e-10, $"supercell copy differs by {err:E2}");
    }

    [Fact]
    public void ThreadCountDoesNotChangeABit()
    {
        var frame = SoapTestSystems.Zif4();
        var centres = Enumerable.Range(0, 70).ToArray(); // 9 chunks of up to 8 centres
        foreach (var average in Enum.GetValues<SoapAverage>())
        {
            var spec = SoapSpec.PaperSoap with { Average = average };
            var one = new SoapDescriptor(spec, 1);
            var two = new SoapDescriptor(spec, 2);
            var neighbors = one.BuildNeighbors(frame, centres, 1);
            var a = new double[one.RowCount(centres.Length) * one.Dimension];
            var b = new double[a.Length];
            one.Compute(frame, neighbors, a);
            two.Compute(frame, neighbors, b);
            Assert.True(a.AsSpan().SequenceEqual(b), $"average {average}: rows differ between 1 and 2 threads");
        }
    }

    [Fact]
    public void RepeatedCallsOnOneInstanceAreIdentical()
    {
        var frame = SoapTestSystems.Triclinic();
        var soap = new SoapDescriptor(SoapTestSystems.Medium(), 2);
        var centres = AllAtoms(frame);
        var first = soap.Compute(frame, centres);
        var second = soap.Compute(frame, centres);
        Assert.True(first.AsSpan().SequenceEqual(second));
    }
}
