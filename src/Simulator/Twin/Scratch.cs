using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Twin;

/// <summary>A scratch directory under the temporary directory, or one line saying which directory is missing.</summary>
public static class Scratch
{
    /// <summary>Refuses a temporary directory that is not there, before minutes of work that would need it.</summary>
    public static void CheckTemp()
    {
        var temp = Path.GetTempPath();
        if (!Directory.Exists(temp))
            throw new InputException(
                $"the temporary directory {temp} does not exist; set TMPDIR to a directory that exists and can be written"
            );
    }

    public static DirectoryInfo Create(string prefix)
    {
        var temp = Path.GetTempPath();
        try
        {
            return Directory.CreateTempSubdirectory(prefix);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(
                $"cannot create a scratch directory in {temp} ({YamlTree.FirstLine(e.Message)}); set TMPDIR to a directory that exists "
                    + $"and can be written"
            );
        }
    }
}
