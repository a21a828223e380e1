namespace StallSim.Simulator.Output;

/// <summary>
/// Writes a set of result files so that none is ever half-written: each is written under a temporary
/// name in the target directory, and all are renamed into place only once every one is complete.
/// </summary>
public sealed class OutputFiles : IDisposable
{
    private readonly string _directory;
    private readonly List<(string Temp, string Final)> _pending = [];
    private bool _committed;

    public OutputFiles(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    /// <summary>A temporary path to write <paramref name="fileName"/> to; it becomes the file on Commit.</summary>
    public string Reserve(string fileName)
    {
        var final = Path.Combine(_directory, fileName);
        var temp = Path.Combine(_directory, $".{fileName}.{Environment.ProcessId}.tmp");
        _pending.Add((temp, final));
        return temp;
    }

    public void WriteText(string fileName, string text) => File.WriteAllText(Reserve(fileName), text);

    public IReadOnlyList<string> Commit()
    {
        foreach (var (temp, final) in _pending)
            File.Move(temp, final, overwrite: true);
        _committed = true;
        return _pending.Select(p => p.Final).ToList();
    }

    public void Dispose()
    {
        if (_committed)
            return;
        foreach (var (temp, _) in _pending)
            if (File.Exists(temp))
                File.Delete(temp);
    }
}
