namespace ZifPhase.Tests;

/// <summary>Locates the repository root (the folder holding ZifPhase.slnx) from the test binary.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Data(params string[] parts) => Path.Combine([RepoRoot, "data", .. parts]);

    /// <summary>Reference outputs of other programs kept in the repository (tests/references), e.g. DScribe 2.1.1 vectors.</summary>
    public static string References(params string[] parts) => Path.Combine([RepoRoot, "tests", "references", .. parts]);

    public static string NewTempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "zifphase-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ZifPhase.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find ZifPhase.slnx above the test binary");
    }
}
