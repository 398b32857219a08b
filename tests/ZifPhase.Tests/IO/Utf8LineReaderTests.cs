using System.Text;
using ZifPhase.IO;

namespace ZifPhase.Tests.IO;

public class Utf8LineReaderTests
{
    private static List<string> AllLines(Utf8LineReader reader)
    {
        var lines = new List<string>();
        while (reader.TryReadLine(out var line)) lines.Add(Encoding.UTF8.GetString(line));
        return lines;
    }

    [Fact]
    public void LinesLongerThanTheBufferCrLfAndMissingFinalNewline()
    {
        string longLine = new('x', 100);
        var text = $"a\r\n{longLine}\n\nlast";
        var reader = new Utf8LineReader(IoTestHelpers.Utf8(text), bufferSize: 16);
        Assert.Equal(["a", longLine, "", "last"], AllLines(reader));
        Assert.Equal(4, reader.LineNumber);
    }

    [Fact]
    public void SkipLinesCountsAcrossRefillsAndStopsAtTheEnd()
    {
        var text = string.Concat(Enumerable.Range(0, 1000).Select(i => $"line {i}\n"));
        var reader = new Utf8LineReader(IoTestHelpers.Utf8(text), bufferSize: 32);
        Assert.Equal(137, reader.SkipLines(137));
        Assert.True(reader.TryReadLine(out var line));
        Assert.Equal("line 137", Encoding.UTF8.GetString(line));
        Assert.Equal(138, reader.LineNumber);
        Assert.Equal(862, reader.SkipLines(10_000)); // 862 lines were left
        Assert.Equal(1000, reader.LineNumber);
        Assert.False(reader.TryReadLine(out _));
    }

    [Fact]
    public void SkipCountsALastLineWithoutNewline()
    {
        var reader = new Utf8LineReader(IoTestHelpers.Utf8("a\nb\nc"), bufferSize: 16);
        Assert.Equal(3, reader.SkipLines(5));
        Assert.Equal(3, reader.LineNumber);
    }
}
