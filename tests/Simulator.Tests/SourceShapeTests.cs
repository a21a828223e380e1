namespace StallSim.Simulator.Tests;

/// <summary>Small files, short lines: no file in src/ over 300 lines, no line over 140 characters (CSharpier formats
/// at that width; a long string literal it cannot break is split by hand).</summary>
public class SourceShapeTests
{
    private static IEnumerable<string> Sources() =>
        Directory.EnumerateFiles(Path.Combine(CliHarness.RepositoryRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [Fact]
    public void No_source_file_is_over_300_lines_or_has_a_line_over_140_characters()
    {
        var problems = new List<string>();
        foreach (var path in Sources())
        {
            var lines = File.ReadAllLines(path);
            var name = Path.GetRelativePath(CliHarness.RepositoryRoot, path);
            if (lines.Length > 300) problems.Add($"{name}: {lines.Length} lines");
            problems.AddRange(lines.Select((l, i) => (l, i)).Where(x => x.l.Length > 140).Select(x => $"{name}:{x.i + 1}: {x.l.Length} characters"));
        }
        Assert.True(Sources().Count() > 100, "the sources were not found");
        Assert.Empty(problems);
    }
}
