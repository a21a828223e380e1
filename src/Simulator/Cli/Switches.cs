using System.Reflection;
using CommandLine;
using StallSim.Simulator.Scenarios;

namespace StallSim.Simulator.Cli;

/// <summary>The parser library takes a value given to a switch (<c>--quiet=no</c>, <c>--cold-walk=maybe</c>) as the
/// switch itself, turned on: refused here instead, before the verb runs.</summary>
internal static class Switches
{
    public static void RefuseValues(string[] args, IEnumerable<Type> verbs)
    {
        if (args.Length == 0 || verbs.FirstOrDefault(t => t.GetCustomAttribute<VerbAttribute>()?.Name == args[0]) is not { } verb)
            return;
        var switches = verb.GetProperties()
            .Where(p => p.PropertyType == typeof(bool))
            .Select(p => p.GetCustomAttribute<OptionAttribute>()?.LongName)
            .OfType<string>()
            .ToHashSet();
        foreach (var arg in args.Skip(1))
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=') is > 2 and var eq && switches.Contains(arg[2..eq]))
                throw new InputException($"{args[0]}: --{arg[2..eq]} is a switch and takes no value (given '{arg}')");
    }
}
