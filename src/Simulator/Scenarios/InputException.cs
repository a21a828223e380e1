namespace StallSim.Simulator.Scenarios;

/// <summary>Bad input: a scenario file, a flag or a value that cannot be used. Its message is the one line
/// the user sees (file, line, key, what was expected); the CLI prints it and exits with code 2.</summary>
public sealed class InputException(string message) : Exception(message);
