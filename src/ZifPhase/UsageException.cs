namespace ZifPhase;

/// <summary>
/// A mistake on the command line (an option value that is not one of the allowed words, outputs that would
/// overwrite inputs): the CLI prints its message as one line and exits with 2, like the parser's own errors.
/// </summary>
public sealed class UsageException(string message) : ArgumentException(message);
