using System.Text.RegularExpressions;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Output;

/// <summary>
/// An output directory, checked before any work is done: a usable path, created if need be, writable (a probe
/// file is written and deleted), and cleared of the temporary files a killed earlier run left behind. A
/// directory that fails any of these is bad input: the run does not start.
/// </summary>
public static partial class OutputDirectory
{
    /// <summary>Linux's limits: PATH_MAX for the whole path, NAME_MAX for each component.</summary>
    private const int MaxPath = 4096,
        MaxName = 255;

    [GeneratedRegex(@"^\..+\.(\d+)\.tmp$")]
    private static partial Regex TempName();

    /// <summary>Checks <paramref name="path"/> (given by <paramref name="flag"/>) and makes it ready to write to.</summary>
    public static void Prepare(string path, string flag)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new InputException($"{flag}: an empty path; expected a directory");
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new InputException($"{flag} {path}: not a usable path ({YamlTree.FirstLine(e.Message)})");
        }
        if (full.Length > MaxPath)
            throw new InputException($"{flag}: a path of {full.Length:N0} characters; expected at most {MaxPath:N0}");
        var longest = full.Split('/').MaxBy(c => c.Length) ?? "";
        if (longest.Length > MaxName)
            throw new InputException($"{flag}: a path with a name of {longest.Length} characters; expected at most {MaxName}");
        if (File.Exists(full))
            throw new InputException($"{flag} {path}: is a file, expected a directory");
        try
        {
            CreateRemembered(full);
            var probe = Path.Combine(full, $".stallsim-probe.{Environment.ProcessId}.tmp");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{flag} {path}: cannot write there ({YamlTree.FirstLine(e.Message)})");
        }
        RemoveStaleTemporaries(full);
    }

    /// <summary>The directories this process created (the output and any parent that was missing), newest last.</summary>
    private static readonly List<string> Created = [];

    private static void CreateRemembered(string full)
    {
        var missing = new List<string>();
        for (var dir = full; dir is not null && !Directory.Exists(dir); dir = Path.GetDirectoryName(dir))
            missing.Add(dir);
        Directory.CreateDirectory(full);
        missing.Reverse();
        lock (Created)
            Created.AddRange(missing);
    }

    /// <summary>After a command failed: removes the directories it created that hold nothing (every write renames
    /// complete files into place, and a failed one removes its temporaries), so that a failure leaves no trace.</summary>
    public static void RemoveCreatedIfEmpty()
    {
        lock (Created)
        {
            for (var i = Created.Count - 1; i >= 0; i--)
            {
                try
                {
                    if (Directory.Exists(Created[i]) && !Directory.EnumerateFileSystemEntries(Created[i]).Any())
                        Directory.Delete(Created[i]);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // left as it is: the error says why
            }
            Created.Clear();
        }
    }

    /// <summary>Forgets the directories created so far (a new command in the same process).</summary>
    public static void Forget()
    {
        lock (Created)
            Created.Clear();
    }

    /// <summary>Deletes <c>.NAME.PID.tmp</c> files whose process is gone: a run killed while writing.</summary>
    public static void RemoveStaleTemporaries(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, ".*.tmp"))
        {
            var match = TempName().Match(Path.GetFileName(file));
            if (!match.Success || !int.TryParse(match.Groups[1].Value, out var pid) || ProcessAlive(pid))
                continue;
            try
            {
                File.Delete(file);
            }
            catch (IOException) { } // another process removed it first
        }
    }

    /// <summary>Whether the process that left a temporary file (its id in the name) still runs: this one always does.</summary>
    internal static bool ProcessAlive(int pid)
    {
        if (pid == Environment.ProcessId)
            return true;
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
