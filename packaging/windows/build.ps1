# Build the Windows installer: PyInstaller bundle + libVLC from VLC's official zip + Inno Setup.
#
#   pwsh packaging\windows\build.ps1 [-VlcVersion 3.0.21]
#
# Needs Python 3.11 (x64) on the PATH, Inno Setup 6 (ISCC.exe; `choco install innosetup`) and
# network access to PyPI and download.videolan.org. Run from anywhere; it works in the repo.
# Output: packaging\dist\MoodPlayer-<version>-setup.exe. This is what
# .github/workflows/package-windows.yml runs on a hosted Windows runner; it cannot be run on
# the Linux machines the project is developed on.
param(
    [string]$VlcVersion = "3.0.21",
    [string]$Python = "python"
)
$ErrorActionPreference = "Stop"
$repo = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $repo

function Invoke-Checked([string]$exe, [string[]]$arguments) {
    & $exe @arguments
    if ($LASTEXITCODE -ne 0) { throw "$exe $($arguments -join ' ') failed ($LASTEXITCODE)" }
}

# 1. the build venv, with the pinned build tools and the app's pinned dependencies
$venv = "packaging\build\venv"
Invoke-Checked $Python @("-m", "venv", $venv)
$py = Join-Path $venv "Scripts\python.exe"
Invoke-Checked $py @("-m", "pip", "install", "--quiet", "--upgrade", "pip")
Invoke-Checked $py @("-m", "pip", "install", "--quiet", "-c", "constraints.txt",
                     "-r", "packaging\requirements-build.txt", ".")
$version = (& $py -c "import moodplayer; print(moodplayer.__version__)").Trim()

# 2. the one-folder bundle (also writes packaging\build\icons\moodplayer.ico)
Invoke-Checked $py @("packaging\build.py")

# 3. libVLC and its plugins, from VLC's zip, checked against VideoLAN's published SHA-256
$downloads = "packaging\build\downloads"
New-Item -ItemType Directory -Force $downloads | Out-Null
$zipName = "vlc-$VlcVersion-win64.zip"
$zip = Join-Path $downloads $zipName
$url = "https://download.videolan.org/pub/videolan/vlc/$VlcVersion/win64/$zipName"
if (-not (Test-Path $zip)) { Invoke-WebRequest -Uri $url -OutFile $zip }
$sums = (Invoke-WebRequest -Uri "$url.sha256").Content
if ($sums -is [byte[]]) { $sums = [System.Text.Encoding]::ASCII.GetString($sums) }
$expected = ([string]$sums -split "\s+")[0]
$actual = (Get-FileHash -Algorithm SHA256 $zip).Hash
if ($actual -ne $expected) { throw "SHA-256 of $zipName is $actual, VideoLAN publishes $expected" }
$unpacked = "packaging\build\vlc"
if (Test-Path $unpacked) { Remove-Item -Recurse -Force $unpacked }
Expand-Archive -Path $zip -DestinationPath $unpacked
$vlcRoot = Join-Path $unpacked "vlc-$VlcVersion"
# hooks\rthook_vlc.py looks for exactly this layout under _internal\vlc
$target = "packaging\dist\moodplayer\_internal\vlc"
New-Item -ItemType Directory -Force $target | Out-Null
Copy-Item (Join-Path $vlcRoot "libvlc.dll"), (Join-Path $vlcRoot "libvlccore.dll") $target
Copy-Item (Join-Path $vlcRoot "plugins") (Join-Path $target "plugins") -Recurse
# a music player needs no video outputs, GUIs, scripting or visualisations
foreach ($unused in @("gui", "lua", "video_output", "visualization", "video_filter", "video_splitter", "spu")) {
    $path = Join-Path $target "plugins\$unused"
    if (Test-Path $path) { Remove-Item -Recurse -Force $path }
}
# the plugin cache makes libVLC start faster
Invoke-Checked (Join-Path $vlcRoot "vlc-cache-gen.exe") @((Resolve-Path (Join-Path $target "plugins")).Path)
Copy-Item (Join-Path $vlcRoot "COPYING.txt") (Join-Path $target "COPYING.txt")

# 4. the bundle must pass its own self-test before it is packed
Invoke-Checked "packaging\dist\moodplayer\moodplayer-cli.exe" @("--self-test")

# 5. the installer
$iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"
if (-not (Test-Path $iscc)) { $iscc = "ISCC.exe" }
Invoke-Checked $iscc @("/DAppVersion=$version", "packaging\windows\moodplayer.iss")
$setup = Get-Item "packaging\dist\MoodPlayer-$version-setup.exe"
$bundleBytes = (Get-ChildItem -Recurse -File "packaging\dist\moodplayer" | Measure-Object -Sum Length).Sum
"bundle  {0:N1} MB" -f ($bundleBytes / 1e6)
"setup   {0:N1} MB  {1}" -f ($setup.Length / 1e6), $setup.FullName
