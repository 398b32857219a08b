using System.Text;
using ZifPhase.IO;
using ZifPhase.Structures;

namespace ZifPhase.Tests.IO;

internal static class IoTestHelpers
{
    public static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    public static List<Frame> ReadDump(string text, ReadOptions? options = null, string source = "test.dump") =>
        LammpsDump.Read(Utf8(text), source, options ?? ReadOptions.Default).ToList();

    public static List<Frame> ReadXyz(string text, ReadOptions? options = null, string source = "test.xyz") =>
        ExtendedXyz.Read(Utf8(text), source, options ?? ReadOptions.Default).ToList();

    public static string WriteDump(Frame frame)
    {
        var sw = new StringWriter();
        LammpsDump.Write(sw, frame);
        return sw.ToString();
    }

    public static string WriteXyz(Frame frame)
    {
        var sw = new StringWriter();
        ExtendedXyz.Write(sw, frame);
        return sw.ToString();
    }

    public static void AssertBitEqual(double expected, double actual, string what) =>
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual),
            $"{what}: expected {expected:R}, got {actual:R}");

    public static void AssertBitEqual(Vec3 expected, Vec3 actual, string what)
    {
        AssertBitEqual(expected.X, actual.X, what + ".X");
        AssertBitEqual(expected.Y, actual.Y, what + ".Y");
        AssertBitEqual(expected.Z, actual.Z, what + ".Z");
    }

    public static void AssertClose(Vec3 expected, Vec3 actual, double tolerance, string what = "vector") =>
        Assert.True((expected - actual).Length <= tolerance, $"{what}: expected {expected}, got {actual}");
}
