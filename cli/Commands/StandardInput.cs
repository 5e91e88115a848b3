using System;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace Mptcp.Codec.Cli.Commands;

/// <summary>
/// File descriptor 0 as a <see cref="FileStream"/>: a pipe's quiet is then asked with poll(2) (see
/// <see cref="Mptcp.Codec.Capture.CaptureReader.OnIdle"/>), and a redirected file (<c>&lt; FILE</c>) is read as a file.
/// <c>Console.OpenStandardInput()</c> hides the descriptor.
/// </summary>
internal static class StandardInput
{
    public static Stream Open()
    {
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                return new FileStream(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // A closed descriptor 0: the console's stream reads it as empty, which the reader then reports.
            }
        }

        return Console.OpenStandardInput();
    }
}
