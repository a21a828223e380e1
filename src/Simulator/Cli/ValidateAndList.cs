using StallSim.PoolModel.Waitlist;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Cli;

/// <summary><c>stallsim validate FILE...</c> and <c>stallsim list</c>.</summary>
public static class ValidateAndList
{
    public static int Validate(ValidateOptions options)
    {
        foreach (var file in options.Files)
        {
            var tree = ShippedScenarios.Resolve(file);
            var isSweep = Sweeps.SweepFile.IsSweep(tree);
            if (isSweep && options.Sets.Any())
                throw new InputException($"{tree.Source}: --set applies to scenario files; a sweep sets keys of its base under set:");
            ScenarioInput.ApplySets(tree, options.Sets);
            var what = isSweep ? Sweeps.SweepFile.Bind(tree).Describe() : ScenarioBinder.Bind(tree).Name;
            Console.WriteLine($"{tree.Source}: ok ({what})");
        }
        return 0;
    }

    public static int List()
    {
        Console.WriteLine("shipped scenarios and sweeps (run NAME, sweep NAME):");
        foreach (var name in ShippedScenarios.Names)
        {
            var tree = ShippedScenarios.Load(name);
            var description = tree.Root.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode("description"), out var d)
                ? ((YamlDotNet.RepresentationModel.YamlScalarNode)d).Value ?? ""
                : "";
            var kind = Sweeps.SweepFile.IsSweep(tree) ? "sweep" : "scenario";
            Console.WriteLine($"  {name, -22} {kind, -8} {FirstSentence(description)}");
        }
        Console.WriteLine("variant presets:");
        foreach (var v in WaitlistVariant.Presets)
            Console.WriteLine($"  {v.Name, -22} {v.Describe()}");
        return 0;
    }

    private const long MaxDocumentBytes = 4L << 20;

    public static int Keys(KeysOptions options)
    {
        if (options.Refresh is null)
        {
            Console.Write(KeyDocs.Markdown());
            return 0;
        }
        var text = BoundedFile.ReadText(options.Refresh, MaxDocumentBytes, "a Markdown document with the key table, of at most 4 MB");
        var refreshed = KeyDocs.Refresh(text);
        // Written beside it and renamed into place: a full disk leaves the document as it was.
        var full = Path.GetFullPath(options.Refresh);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(temp, refreshed, new System.Text.UTF8Encoding(false));
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            throw new InputException(
                $"--refresh {options.Refresh}: cannot write it ({YamlTree.FirstLine(e.Message)}); the document is unchanged"
            );
        }
        return 0;
    }

    private static string FirstSentence(string text)
    {
        var dot = text.IndexOf(". ", StringComparison.Ordinal);
        return (dot > 0 ? text[..(dot + 1)] : text).Trim();
    }
}
