namespace FlashSale.Storage;

/// <summary>Owner-only permissions for the files that hold customers' data and secrets: folders
/// 0700, files 0600, on creation and, when they already exist with looser modes, tightened (the
/// process owns these files). No-ops on Windows, where Unix modes do not apply.</summary>
public static class OwnerOnly
{
    /// <summary>rwx for the owner only (0700).</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>rw for the owner only (0600).</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupAndOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute
        | UnixFileMode.SetUser | UnixFileMode.SetGroup | UnixFileMode.StickyBit;

    /// <summary>Creates the folder (and missing parents) as 0700, or tightens an existing one that
    /// grants anything to group or others to 0700.</summary>
    public static void EnsureDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, DirectoryMode);
        Tighten(path, DirectoryMode);
    }

    /// <summary>Creates an empty file as 0600 when it is missing, or tightens an existing one to 0600.
    /// An empty SQLite database file is a valid new database.</summary>
    public static void EnsureFile(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            using var created = new FileStream(path, new FileStreamOptions
            {
                Mode = System.IO.FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = FileMode,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // It exists already: tightened below.
        }

        Tighten(path, FileMode);
    }

    /// <summary>Tightens the file to 0600 when it exists; nothing when it does not.</summary>
    public static void TightenFileIfExists(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            Tighten(path, FileMode);
        }
    }

    private static void Tighten(string path, UnixFileMode wanted)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupAndOthers) != 0 || (mode & wanted) != wanted)
        {
            File.SetUnixFileMode(path, wanted);
        }
    }
}
