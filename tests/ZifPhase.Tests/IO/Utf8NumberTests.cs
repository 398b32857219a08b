using System.Globalization;
using System.Text;
using ZifPhase.IO;

namespace ZifPhase.Tests.IO;

public class Utf8NumberTests
{
    private static double Parse(string s)
    {
        Assert.True(Utf8Number.TryParseDouble(Encoding.UTF8.GetBytes(s), out double v), $"'{s}' should parse");
        return v;
    }

    [Fact]
    public void RoundTripTextOfRandomDoublesReadsBackBitIdentical()
    {
        var rng = new Random(12345);
        for (int i = 0; i < 200_000; i++)
        {
            // Half random bit patterns (every exponent), half values of the sizes met in trajectories.
            double d = i % 2 == 0
                ? BitConverter.Int64BitsToDouble(rng.NextInt64())
                : (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-8, 9));
            if (!double.IsFinite(d)) continue;
            string text = d.ToString("R", CultureInfo.InvariantCulture);
            IoTestHelpers.AssertBitEqual(d, Parse(text), text);
        }
    }

    [Theory]
    [InlineData("F6")]
    [InlineData("G6")]
    [InlineData("E15")]
    [InlineData("E16")]
    [InlineData("G17")]
    [InlineData("F10")]
    public void AgreesWithDoubleParseOnTextAsWritersFormatIt(string format)
    {
        // Fast path (≤ 2^53 mantissa, |exponent| ≤ 22) and fallback must both be correctly rounded.
        var rng = new Random(format.GetHashCode(StringComparison.Ordinal) & 0xffff);
        for (int i = 0; i < 50_000; i++)
        {
            double d = (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-12, 13));
            string text = d.ToString(format, CultureInfo.InvariantCulture);
            double expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            IoTestHelpers.AssertBitEqual(expected, Parse(text), text);
        }
    }

    [Theory]
    [InlineData("0.10000E+01", 1.0)]
    [InlineData("-1.5e-3", -0.0015)]
    [InlineData("+2.5", 2.5)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("1e22", 1e22)]
    [InlineData("1e23", 1e23)]
    [InlineData("9007199254740993", 9007199254740992.0)] // 2^53 + 1 rounds to even
    [InlineData("0.000000000000000000000000001", 1e-27)]
    [InlineData("123456789012345678901234567890", 1.2345678901234568e29)]
    [InlineData("4.9406564584124654e-324", double.Epsilon)]
    [InlineData("1e400", double.PositiveInfinity)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    public void EdgeCases(string text, double expected) => IoTestHelpers.AssertBitEqual(expected, Parse(text), text);

    [Fact]
    public void NegativeZeroAndNaN()
    {
        Assert.True(double.IsNegative(Parse("-0.0")) && Parse("-0.0") == 0);
        Assert.False(double.IsNegative(Parse("0.0")));
        Assert.True(double.IsNaN(Parse("nan")));
        Assert.True(double.IsNaN(Parse("-nan")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("e5")]
    [InlineData("1.2.3")]
    [InlineData("5e")]
    [InlineData("1,5")]
    [InlineData("12abc")]
    [InlineData(" 1")]
    [InlineData("Zn")]
    public void RejectsWhatIsNotANumber(string text) =>
        Assert.False(Utf8Number.TryParseDouble(Encoding.UTF8.GetBytes(text), out _), $"'{text}' must not parse");

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("42", 42L)]
    [InlineData("-17", -17L)]
    [InlineData("+8", 8L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("000000000000000000000123", 123L)]
    public void Integers(string text, long expected)
    {
        Assert.True(Utf8Number.TryParseInt64(Encoding.UTF8.GetBytes(text), out long v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("99999999999999999999")]
    [InlineData("1.0")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1e3")]
    public void IntegersRejected(string text) => Assert.False(Utf8Number.TryParseInt64(Encoding.UTF8.GetBytes(text), out _));
}
