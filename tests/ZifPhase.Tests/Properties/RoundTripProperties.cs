using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ZifPhase.IO;
using ZifPhase.Structures;

namespace ZifPhase.Tests.Properties;

/// <summary>FsCheck properties over arbitrary inputs (100 generated cases each, shrunk on failure).</summary>
public class RoundTripProperties
{
    [Property]
    public bool EveryFiniteDoubleParsesBackBitIdentical(NormalFloat value)
    {
        double d = value.Get;
        var text = Encoding.ASCII.GetBytes(d.ToString("R", CultureInfo.InvariantCulture));
        return Utf8Number.TryParseDouble(text, out double back) && BitConverter.DoubleToInt64Bits(back) == BitConverter.DoubleToInt64Bits(d);
    }

    [Property]
    public bool FrameRangeCountAgreesWithContains(NonNegativeInt start, PositiveInt step, byte total, bool open, byte stopOffset)
    {
        int? stop = open ? null : start.Get + stopOffset;
        var range = new FrameRange(start.Get, stop, step.Get);
        int counted = Enumerable.Range(0, total).Count(range.Contains);
        return range.Count(total) == counted;
    }

    [Property]
    public Property CellParametersRoundTrip()
    {
        var lengths = Gen.Choose(20, 300).Select(x => x / 10.0);
        var angles = Gen.Choose(600, 1200).Select(x => x / 10.0);
        var cells = from a in lengths
                    from b in lengths
                    from c in lengths
                    from alpha in angles
                    from beta in angles
                    from gamma in angles
                    select (a, b, c, alpha, beta, gamma);
        return Prop.ForAll(cells.ToArbitrary(), p =>
        {
            Cell cell;
            try
            {
                cell = Cell.FromParameters(p.a, p.b, p.c, p.alpha, p.beta, p.gamma);
            }
            catch (ArgumentException)
            {
                return true; // angles that close no cell are rejected, which is right
            }
            var q = cell.Parameters;
            return Math.Abs(q.A - p.a) < 1e-10 && Math.Abs(q.B - p.b) < 1e-10 && Math.Abs(q.C - p.c) < 1e-10
                && Math.Abs(q.Alpha - p.alpha) < 1e-9 && Math.Abs(q.Beta - p.beta) < 1e-9 && Math.Abs(q.Gamma - p.gamma) < 1e-9;
        });
    }
}
