namespace ZifPhase.Tests.Cli;

/// <summary>
/// "The phase to look at" is --phase in every analysis; --target, its old name in rings and clusters, still works
/// and is hidden from help.
/// </summary>
public class PhaseOptionTests
{
    [Theory]
    [InlineData("rings")]
    [InlineData("clusters")]
    [InlineData("transition")]
    public void HelpShowsPhaseAndHidesTarget(string command)
    {
        var (code, stdout, _) = CliRunner.Run("analyze", command, "--help");
        Assert.Equal(0, code);
        Assert.Contains("--phase <PHASE>", stdout);
        Assert.DoesNotContain("--target", stdout);
    }

    [Fact]
    public void PhaseAndTargetGiveTheSameAnswer()
    {
        var dir = TestPaths.NewTempDir();
        var labelled = UserMistakeTests.LabelledZif4(dir);
        foreach (var command in new[] { "clusters", "rings" })
        {
            var byPhase = CliRunner.Run("analyze", command, labelled, "--phase", "ZIF-4", "--json");
            var byTarget = CliRunner.Run("analyze", command, labelled, "--target", "ZIF-4", "--json");
            Assert.True(byPhase.Code == 0, byPhase.Err);
            Assert.Equal(byPhase.Out, byTarget.Out);
        }
    }

    [Fact]
    public void BothNamesOrNeitherAreCommandLineErrors()
    {
        var both = CliRunner.Run("analyze", "clusters", "a.extxyz", "--phase", "x", "--target", "x");
        Assert.Equal(2, both.Code);
        Assert.Equal("zifphase: error: give --phase once (--target is its old name) (see 'zifphase analyze clusters --help')", both.Err.TrimEnd('\n'));
        var neither = CliRunner.Run("analyze", "clusters", "a.extxyz");
        Assert.Equal(2, neither.Code);
        Assert.Equal("zifphase: error: Option '--phase' is required. (see 'zifphase analyze clusters --help')", neither.Err.TrimEnd('\n'));
    }
}
