using ZifPhase.IO;
using ZifPhase.Structures;

namespace ZifPhase.Tests.IO;

public class SymmetryOperationTests
{
    [Theory]
    [InlineData("x,y,z", new[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }, 0.0, 0.0, 0.0)]
    [InlineData("-x+1/2,y,-z", new[] { -1, 0, 0, 0, 1, 0, 0, 0, -1 }, 0.5, 0.0, 0.0)]
    [InlineData("1/2+x, 1/2-y, -z", new[] { 1, 0, 0, 0, -1, 0, 0, 0, -1 }, 0.5, 0.5, 0.0)]
    [InlineData("x-y,x,z+1/3", new[] { 1, -1, 0, 1, 0, 0, 0, 0, 1 }, 0.0, 0.0, 1.0 / 3)]
    [InlineData("-X,-Y,-Z", new[] { -1, 0, 0, 0, -1, 0, 0, 0, -1 }, 0.0, 0.0, 0.0)]
    [InlineData("+x,+y,+z", new[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }, 0.0, 0.0, 0.0)]
    [InlineData("0.5+x,y,z", new[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }, 0.5, 0.0, 0.0)]
    [InlineData("y,-x+y,z+2/3", new[] { 0, 1, 0, -1, 1, 0, 0, 0, 1 }, 0.0, 0.0, 2.0 / 3)]
    [InlineData("-x-1/4, y+3/4 ,2*z-z", new[] { -1, 0, 0, 0, 1, 0, 0, 0, 1 }, -0.25, 0.75, 0.0)]
    public void ParsesXyzForm(string text, int[] rotation, double tx, double ty, double tz)
    {
        var op = SymmetryOperation.Parse(text);
        for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            Assert.Equal(rotation[i * 3 + j], op.Rotation(i, j));
        Assert.Equal(tx, op.Translation.X, 1e-15);
        Assert.Equal(ty, op.Translation.Y, 1e-15);
        Assert.Equal(tz, op.Translation.Z, 1e-15);
    }

    [Theory]
    [InlineData("x,y")]
    [InlineData("x,x,z")] // determinant 0
    [InlineData("x+q,y,z")]
    [InlineData("x+,y,z")]
    [InlineData("1/2x,y,z")]
    [InlineData("x,,z")]
    [InlineData("x,y,z,x")]
    [InlineData("'x, y+1/2, -z+1/2 '")] // quotes belong to the CIF tokenizer, not here
    public void RejectsMalformedOperations(string text)
    {
        Assert.False(SymmetryOperation.TryParse(text, out _, out var error));
        Assert.Contains(text, error);
        Assert.Throws<FormatException>(() => SymmetryOperation.Parse(text));
    }

    [Fact]
    public void AppliesRotationThenTranslation()
    {
        var op = SymmetryOperation.Parse("x-y,x,z+1/3");
        var s = op.Apply(new Vec3(0.1, 0.25, 0.5));
        Assert.Equal(-0.15, s.X, 1e-15);
        Assert.Equal(0.1, s.Y, 1e-15);
        Assert.Equal(0.5 + 1.0 / 3, s.Z, 1e-15);
    }

    [Theory]
    [InlineData("-x+1/2,y,-z", "-x+1/2,y,-z")]
    [InlineData("1/2+x, 1/2-y, -z", "x+1/2,-y+1/2,-z")]
    [InlineData("x-y,x,z+1/3", "x-y,x,z+1/3")]
    [InlineData("-X,-Y,-Z", "-x,-y,-z")]
    public void FormatsCanonicallyAndRoundTrips(string text, string expected)
    {
        var op = SymmetryOperation.Parse(text);
        Assert.Equal(expected, op.ToString());
        Assert.Equal(op, SymmetryOperation.Parse(op.ToString()));
    }

    [Fact]
    public void IdentityIsXyz() => Assert.Equal(SymmetryOperation.Identity, SymmetryOperation.Parse("x,y,z"));
}
