using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Twin;

/// <summary>A scratch directory under the temporary directory, or one line saying which directory is missing.</summary>
public static class Scratch
{
    public static DirectoryInfo Create(string prefix)
    {
        var temp = Path.GetTempPath();
        try
        {
            return Directory.CreateTempSubdirectory(prefix);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot create a scratch directory in {temp} ({YamlTree.FirstLine(e.Message)}); set TMPDIR to a directory that exists and can be written");
        }
    }
}
