; Inno Setup 6 script for Mood Player on Windows (64-bit).
;
; Input: packaging\dist\moodplayer\ - the PyInstaller one-folder bundle with libVLC copied into
; _internal\vlc\ - and packaging\build\icons\moodplayer.ico; packaging\windows\build.ps1 makes
; both and then runs:
;     ISCC.exe /DAppVersion=0.1.0 packaging\windows\moodplayer.iss
; Output: packaging\dist\MoodPlayer-<version>-setup.exe, which installs to Program Files (or
; the user's programs folder when not run as administrator), adds a Start-menu entry and an
; optional desktop shortcut, and registers an uninstaller that removes the whole folder.

#define AppName "Mood Player"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppExe "MoodPlayer.exe"
#define Bundle AddBackslash(SourcePath) + "..\dist\moodplayer"
#define Icons AddBackslash(SourcePath) + "..\build\icons"

[Setup]
; the app id; never change it, or Windows sees a different program
AppId=io.github.moodplayer.MoodPlayer
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The Mood Player developers
AppPublisherURL=https://github.com/moodplayer/moodplayer
AppSupportURL=https://github.com/moodplayer/moodplayer/issues
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequiredOverridesAllowed=commandline dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#SourcePath}\..\dist
OutputBaseFilename=MoodPlayer-{#AppVersion}-setup
SetupIconFile={#Icons}\moodplayer.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; the whole bundle: MoodPlayer.exe (windowed), moodplayer-cli.exe (console: --self-test,
; doctor), and _internal\ with Python, Qt, OpenCV, onnxruntime, the model, the demo music and
; libVLC with its plugins
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Play the music that fits the mood on your face"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; anything written into the program folder after installation (for example VLC's plugin cache)
Type: filesandordirs; Name: "{app}\_internal"
Type: dirifempty; Name: "{app}"
