using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ZifPhase.IO;

namespace ZifPhase.Tests.IO;

/// <summary>--frames follows Python's slice and index semantics exactly (forward steps; a negative step is refused).</summary>
public class FrameRangeTests
{
    /// <summary>Python: list(range(len))[start:stop:step], from CPython's PySlice_AdjustIndices, for either sign of step.</summary>
    private static List<int> PythonSlice(int len, int? start, int? stop, int step)
    {
        int lower = step < 0 ? -1 : 0, upper = step < 0 ? len - 1 : len;
        int Adjust(int? v, int none)
        {
            if (v is not { } x) return none;
            if (x < 0) return Math.Max(x + len, lower);
            return Math.Min(x, upper);
        }
        int s = Adjust(start, step < 0 ? upper : lower), e = Adjust(stop, step < 0 ? lower : upper);
        var result = new List<int>();
        for (int i = s; step > 0 ? i < e : i > e; i += step) result.Add(i);
        return result;
    }

    private static string Text(int? v) => v?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";

    private static List<int> Selected(FrameRange range, int len)
    {
        var resolved = range.Resolve(len, "t.dump");
        var picked = Enumerable.Range(0, len).Where(resolved.Contains).ToList();
        // readers stop at IsPast: nothing selected may lie at or after it
        Assert.All(picked, i => Assert.False(resolved.IsPast(i)));
        return picked;
    }

    [Property(MaxTest = 1000)]
    public Property SliceSelectsWhatPythonSelects()
    {
        var bound = Gen.Choose(-70, 70);
        var optional = Gen.Frequency((1, Gen.Constant<int?>(null)), (4, bound.Select(v => (int?)v)));
        var cases = from len in Gen.Choose(0, 60)
                    from start in optional
                    from stop in optional
                    from step in Gen.Frequency((1, Gen.Constant<int?>(null)), (4, Gen.Choose(1, 7).Select(v => (int?)v)))
                    select (len, start, stop, step);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var text = $"{Text(c.start)}:{Text(c.stop)}" + (c.step is null ? "" : $":{Text(c.step)}");
            var range = FrameRange.Parse(text);
            var expected = PythonSlice(c.len, c.start, c.stop, c.step ?? 1);
            return Selected(range, c.len).SequenceEqual(expected) && range.Count(c.len) == expected.Count
                && range.Resolve(c.len, null).Count(c.len) == expected.Count;
        });
    }

    [Property(MaxTest = 500)]
    public Property IndexSelectsPythonsItemOrIsAnErrorNamingTheFrameCount()
    {
        var cases = from len in Gen.Choose(0, 40)
                    from index in Gen.Choose(-50, 50)
                    select (len, index);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var range = FrameRange.Parse(Text(c.index));
            bool exists = c.index >= -c.len && c.index < c.len;
            if (!exists)
            {
                var e = Assert.Throws<InputException>(() => range.Resolve(c.len, "t.dump"));
                return range.Count(c.len) == 0 && e.Message == (c.len == 0
                    ? $"t.dump: frame {c.index} does not exist: the file holds no frame"
                    : $"t.dump: frame {c.index} does not exist: the file holds {c.len} frame(s) (0 … {c.len - 1}, or -{c.len} … -1 from the end)");
            }
            int item = c.index < 0 ? c.index + c.len : c.index;
            return Selected(range, c.len).SequenceEqual([item]) && range.Count(c.len) == 1;
        });
    }

    [Theory]
    [InlineData("::-1")]
    [InlineData("-1::-1")]
    [InlineData("5:0:-2")]
    public void NegativeStepIsRefusedWithTheReason(string text)
    {
        Assert.False(FrameRange.TryParse(text, out _, out var error));
        Assert.Equal($"frame range '{text}': a negative step is not supported: frames are read forward; give a positive step (e.g. '::1' for '::-1') and reverse the order afterwards", error);
    }

    [Theory]
    [InlineData("::0", "frame range '::0': the step cannot be zero")]
    [InlineData("1:x", "frame range '1:x': 'x' is not an integer")]
    [InlineData("1:2:3:4", "frame range '1:2:3:4' has more than three parts (use start:stop:step)")]
    [InlineData("", "empty frame range")]
    public void BadTextIsRefused(string text, string message)
    {
        Assert.False(FrameRange.TryParse(text, out _, out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void RangesCountedFromTheStartNeedNoCount()
    {
        Assert.False(FrameRange.Parse("5:100:3").FromEnd);
        Assert.False(FrameRange.Parse("7").FromEnd);
        Assert.True(FrameRange.Parse("-1").FromEnd);
        Assert.True(FrameRange.Parse(":-1").FromEnd);
        // an unresolved range cannot be used by a reader by mistake
        Assert.Throws<InvalidOperationException>(() => FrameRange.Parse("-10:").Contains(3));
        Assert.Equal(new FrameRange(31, null, 1), FrameRange.Parse("-10:").Resolve(41, null));
        Assert.Equal(new FrameRange(0, 40, 1), FrameRange.Parse(":-1").Resolve(41, null));
        Assert.Equal(new FrameRange(40, 41, 1) { IsIndex = true }, FrameRange.Parse("-1").Resolve(41, null));
    }
}
