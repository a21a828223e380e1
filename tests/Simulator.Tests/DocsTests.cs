using System.Text.RegularExpressions;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Tests;

/// <summary>The repository stands alone: every citation of its documents points at a heading that exists,
/// the scenario key table in docs/scenarios.md is the one the binder uses, and nothing points outside.</summary>
public class DocsTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
            if (File.Exists(Path.Combine(dir, "Simulator.sln"))) return dir;
        throw new InvalidOperationException("not inside the repository");
    }

    /// <summary>Text files of the repository that cite documents: sources, tests, benchmarks, scenarios, docs,
    /// deployment files, scripts and the README (not build output, not results).</summary>
    private static IEnumerable<string> CitingFiles()
    {
        var extensions = new HashSet<string> { ".cs", ".yaml", ".md", ".sh", ".sbatch", ".csproj", ".props" };
        foreach (var top in new[] { "src", "tests", "bench", "scenarios", "docs", "deploy", "scripts", ".ci" })
        {
            var dir = Path.Combine(Root, top);
            if (!Directory.Exists(dir)) continue;
            foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            {
                var rel = Path.GetRelativePath(Root, f);
                if (rel.Contains("/bin/") || rel.Contains("/obj/")) continue;
                if (extensions.Contains(Path.GetExtension(f)) || top == ".ci") yield return f;
            }
        }
        yield return Path.Combine(Root, "README.md");
    }

    /// <summary>GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens.</summary>
    private static string Slug(string heading) =>
        Regex.Replace(Regex.Replace(heading.Trim().ToLowerInvariant(), @"[^\p{L}\p{Nd} _-]", ""), " ", "-");

    private static HashSet<string> Anchors(string doc) =>
        File.ReadLines(doc).Where(l => l.StartsWith('#')).Select(l => Slug(l.TrimStart('#'))).ToHashSet();

    [Fact]
    public void Every_citation_of_a_document_points_at_a_heading_that_exists()
    {
        var citation = new Regex(@"(?:docs/|\]\()(?<file>[a-z-]+\.md)(?:#(?<anchor>[a-z0-9-]+))?");
        var checkedCount = 0;
        var broken = new List<string>();
        foreach (var file in CitingFiles())
        {
            var inDocs = Path.GetRelativePath(Root, file).StartsWith("docs/");
            foreach (Match m in citation.Matches(File.ReadAllText(file)))
            {
                var viaDocsPath = m.Value.StartsWith("docs/");
                if (!viaDocsPath && !inDocs) continue;   // a Markdown link elsewhere is relative to its own file
                var target = Path.Combine(Root, "docs", m.Groups["file"].Value);
                checkedCount++;
                if (!File.Exists(target)) broken.Add($"{Path.GetRelativePath(Root, file)}: {m.Value} (no such document)");
                else if (m.Groups["anchor"].Success && !Anchors(target).Contains(m.Groups["anchor"].Value))
                    broken.Add($"{Path.GetRelativePath(Root, file)}: {m.Value} (no such heading)");
            }
        }
        Assert.True(checkedCount > 30, $"only {checkedCount} citations found: is the pattern still right?");
        Assert.Empty(broken);
    }

    [Fact]
    public void Nothing_in_the_repository_points_at_a_path_outside_it()
    {
        var outside = new Regex(@"\.\./shared|shared/[A-Z]|MODEL\.md|DESIGN\.md|ENGINE-BENCH\.md");
        var offenders = CitingFiles().Where(f => outside.IsMatch(File.ReadAllText(f))).Select(f => Path.GetRelativePath(Root, f)).ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void The_key_table_in_docs_scenarios_md_is_the_one_the_binder_reads()
    {
        var doc = File.ReadAllText(Path.Combine(Root, "docs", "scenarios.md"));
        Assert.Equal(KeyDocs.Refresh(doc), doc);   // regenerate with: stallsim keys --refresh docs/scenarios.md
        foreach (var key in ScenarioKeys.All)
            Assert.Contains($"| `{key.Path}` | {key.Form.Replace("|", "\\|")} | {key.Default.Replace("|", "\\|")} |", doc);
    }

    [Fact]
    public void Every_output_column_is_documented_with_its_unit()
    {
        var doc = File.ReadAllText(Path.Combine(Root, "docs", "outputs.md"));
        var phaseColumns = new Regex(@"^(wait|latency)_p(50|99|999)_ms_(before|during|after)$");
        foreach (var column in Output.SummaryCsv.Names.Concat(Output.CsvFiles.TimeseriesColumns).Concat(Output.CsvFiles.CensusColumns)
                     .Concat(Cli.CompareCommand.Columns).Concat(Margins.MarginsOutputs.Columns).Append("refine_level"))
            if (!phaseColumns.IsMatch(column)) Assert.Contains($"`{column}`", doc);
        Assert.Contains("`wait_p50_ms_before` … `wait_p999_ms_after`", doc);
    }

    [Fact]
    public void A_file_that_writes_every_documented_default_binds_to_those_defaults()
    {
        var scalars = ScenarioKeys.All.Where(k => k.Show is not null && k.Path != "name" && k.Path != "description").ToList();
        Assert.True(scalars.Count >= 20, $"{scalars.Count} scalar keys");
        var tree = YamlTree.Parse("defaults.yaml", "name: defaults\n");
        foreach (var key in scalars) tree.Set(key.Path, key.Default, "test");
        var bound = ScenarioBinder.Bind(tree);
        Assert.All(scalars, k => Assert.Equal(k.Default, k.Show!(bound)));
        Assert.Equal(ScenarioKeys.All.Count, ScenarioKeys.All.Select(k => k.Path).Distinct().Count());
    }
}
