; The console's Windows installer, compiled by electron-builder's NSIS target ("nsis.script" in
; electron-builder.yml). electron-builder prepends its header (its defines: PRODUCT_NAME, VERSION, APP_64,
; UNINSTALL_APP_KEY, COMPANY_NAME, ...; plugin dir; language strings) and runs makensis on the result.
;
; Why our own script and not electron-builder's template: the template calls six third-party NSIS plugins
; (UAC, StdUtils, WinShell, nsProcess, Nsis7z, SpiderBanner) that electron-builder downloads and that no
; Debian package ships. This script uses only NSIS's own headers and the plugins in Debian's nsis-common
; (nsDialogs, UserInfo, System), so Debian's makensis builds it offline. What that costs is in
; docs/release.md ("The installer script").
;
; Command line (README "Deployment"): /S silent, /allusers or /currentuser, /D=<dir> (last, unquoted);
; uninstaller: /S, --delete-app-data. Exit codes: 0 done, 1 cancelled by the user, 2 failed,
; 3 /allusers without administrator rights, 4 both /allusers and /currentuser.

; A 64-bit installer (the app is x64 only): it writes the native registry view and Program Files, and it
; runs under Debian's wine64, whose 32-bit half cannot run on a kernel without IA-32 emulation (our CI).
; Its plugins are Debian's amd64-unicode builds from the compiler's own folder.
Target amd64-unicode
!addplugindir /amd64-unicode "${NSISDIR}/Plugins/amd64-unicode"

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include nsDialogs.nsh
!include WinMessages.nsh

!define EXIT_NOT_ADMIN 3
!define EXIT_CONFLICTING_MODES 4
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${UNINSTALL_APP_KEY}"
!define UNINSTALLER_NAME "Uninstall ${PRODUCT_FILENAME}.exe"
!define APP_EXE "${PRODUCT_FILENAME}.exe"
; electron-builder packs the app folder (win-unpacked) into APP_64 (a .7z beside it in the output folder);
; NSIS compresses that same folder itself, so no extraction plugin is needed at install time.
!searchreplace APP_DIR_64 "${APP_64}" "${APP_64_NAME}" "win-unpacked"

Name "${PRODUCT_NAME}"
BrandingText "${PRODUCT_NAME} ${VERSION}"
; Elevation is asked for only when a per-machine install is chosen (see RelaunchElevated).
RequestExecutionLevel user
ManifestDPIAware true
SetCompressor /SOLID lzma
ShowInstDetails show
ShowUninstDetails show

!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_NOTCHECKED

Var installMode ; "all" (per-machine, HKLM, Program Files) or "user" (per-user, HKCU, LocalAppData)
Var modeSwitch ; the command-line switch of that mode, handed to the uninstaller
Var dirFromCommandLine ; 1 when /D= was given: the mode's default folder does not replace it
Var modeAllRadio
Var modeUserRadio

Page custom InstallModePage InstallModePageLeave
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"


!macro SelectMode MODE
  StrCpy $installMode "${MODE}"
  ${If} $installMode == "all"
    SetShellVarContext all
    StrCpy $modeSwitch "/allusers"
  ${Else}
    SetShellVarContext current
    StrCpy $modeSwitch "/currentuser"
  ${EndIf}
!macroend

!macro IsAdmin RESULT
  UserInfo::GetAccountType
  Pop ${RESULT}
!macroend

Function DefaultDirForMode
  ${If} $dirFromCommandLine == "1"
    Return
  ${EndIf}
  ${If} $installMode == "all"
    StrCpy $INSTDIR "$PROGRAMFILES64\${APP_FILENAME}"
  ${Else}
    StrCpy $INSTDIR "$LOCALAPPDATA\Programs\${APP_FILENAME}"
  ${EndIf}
  ; An earlier install of this mode keeps its folder on upgrade.
  ReadRegStr $0 SHELL_CONTEXT "${UNINSTALL_KEY}" "InstallLocation"
  ${If} $0 != ""
    StrCpy $INSTDIR $0
  ${EndIf}
FunctionEnd

Function .onInit
  ${If} $INSTDIR != ""
    StrCpy $dirFromCommandLine "1"
  ${EndIf}
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/allusers" $R1
  ${IfNot} ${Errors}
    StrCpy $R2 "all"
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/currentuser" $R1
  ${IfNot} ${Errors}
    ${If} $R2 == "all"
      MessageBox MB_OK|MB_ICONSTOP "Give either /allusers or /currentuser, not both." /SD IDOK
      SetErrorLevel ${EXIT_CONFLICTING_MODES}
      Quit
    ${EndIf}
    StrCpy $R2 "user"
  ${EndIf}
  ${If} $R2 == ""
    ; No switch: the mode of an existing install (an upgrade stays where it is), else per-user.
    StrCpy $R2 "user"
    ReadRegStr $0 HKLM "${UNINSTALL_KEY}" "InstallLocation"
    ReadRegStr $1 HKCU "${UNINSTALL_KEY}" "InstallLocation"
    ${If} $0 != ""
    ${AndIf} $1 == ""
      StrCpy $R2 "all"
    ${EndIf}
  ${EndIf}
  ${If} $R2 == "all"
    !insertmacro IsAdmin $0
    ${If} $0 != "Admin"
    ${AndIf} ${Silent}
      SetErrorLevel ${EXIT_NOT_ADMIN}
      Quit
    ${EndIf}
  ${EndIf}
  !insertmacro SelectMode $R2
  Call DefaultDirForMode
FunctionEnd

Function InstallModePage
  !insertmacro MUI_HEADER_TEXT "Installation type" "Install ${PRODUCT_NAME} for all users or just for you."
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateRadioButton} 0 10u 100% 12u "For all users of this computer (Program Files; needs administrator rights)"
  Pop $modeAllRadio
  ${NSD_CreateRadioButton} 0 30u 100% 12u "Only for me (no administrator rights needed)"
  Pop $modeUserRadio
  ${If} $installMode == "all"
    ${NSD_Check} $modeAllRadio
  ${Else}
    ${NSD_Check} $modeUserRadio
  ${EndIf}
  nsDialogs::Show
FunctionEnd

Function InstallModePageLeave
  ${NSD_GetState} $modeAllRadio $0
  ${If} $0 == ${BST_CHECKED}
    !insertmacro IsAdmin $1
    ${If} $1 != "Admin"
      Call RelaunchElevated
    ${EndIf}
    !insertmacro SelectMode "all"
  ${Else}
    !insertmacro SelectMode "user"
  ${EndIf}
  Call DefaultDirForMode
FunctionEnd

; Without the UAC plugin: start this installer again through the "runas" verb (Windows asks for consent or
; an administrator's password) with /allusers, and close this one.
Function RelaunchElevated
  ExecShell "runas" "$EXEPATH" "/allusers"
  ${If} ${Errors}
    MessageBox MB_OK|MB_ICONEXCLAMATION "Administrator rights are needed to install for all users."
    Abort
  ${EndIf}
  Quit
FunctionEnd

; An earlier version in the same folder is removed by its own uninstaller, told that this is an upgrade
; (--updated) so that it keeps the user's data and shortcuts' targets; the new files then replace it.
Function RemovePreviousVersion
  ReadRegStr $0 SHELL_CONTEXT "${UNINSTALL_KEY}" "InstallLocation"
  ${If} $0 == ""
  ${OrIfNot} ${FileExists} "$0\${UNINSTALLER_NAME}"
    Return
  ${EndIf}
  DetailPrint "Removing the previous version from $0"
  ExecWait '"$0\${UNINSTALLER_NAME}" /S --updated $modeSwitch _?=$0' $1
  ${If} $1 != 0
    DetailPrint "The previous version's uninstaller ended with $1; its files are overwritten."
  ${EndIf}
  Delete "$0\${UNINSTALLER_NAME}"
FunctionEnd

Section "Install"
  Call RemovePreviousVersion
  SetOutPath "$INSTDIR"
  File /r "${APP_DIR_64}/*.*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER_NAME}"

  CreateShortCut "$SMPROGRAMS\${SHORTCUT_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "--no-desktop-shortcut" $R1
  ${If} ${Errors}
    CreateShortCut "$DESKTOP\${SHORTCUT_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  ${EndIf}

  WriteRegStr SHELL_CONTEXT "${UNINSTALL_KEY}" "DisplayName" "${UNINSTALL_DISPLAY_NAME}"
  WriteRegStr SHELL_CONTEXT "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHELL_CONTEXT "${UNINSTALL_KEY}" "Publisher" "${COMPANY_NAME}"
  WriteRegStr SHELL_CONTEXT "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr SHELL_CONTEXT "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHELL_CONTEXT "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER_NAME}" $modeSwitch'
  WriteRegStr SHELL_CONTEXT "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER_NAME}" $modeSwitch /S'
  WriteRegDWORD SHELL_CONTEXT "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHELL_CONTEXT "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD SHELL_CONTEXT "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

; ---- Uninstaller ----

Var isUpdate


Section "un.${PRODUCT_NAME}" SecProgram
  SectionIn RO
  RMDir /r "$INSTDIR"
  ${If} $isUpdate == "0"
    Delete "$SMPROGRAMS\${SHORTCUT_NAME}.lnk"
    Delete "$DESKTOP\${SHORTCUT_NAME}.lnk"
    DeleteRegKey SHELL_CONTEXT "${UNINSTALL_KEY}"
  ${EndIf}
SectionEnd

; Off unless chosen on the components page or given --delete-app-data: the database and vault key of the
; user running the uninstaller (Electron keeps userData in that user's roaming profile, also per-machine).
Section /o "un.My data (connections database, vault key, settings)" SecUserData
  SetShellVarContext current
  RMDir /r "$APPDATA\${APP_FILENAME}"
  !ifdef APP_PRODUCT_FILENAME
    RMDir /r "$APPDATA\${APP_PRODUCT_FILENAME}"
  !endif
  RMDir /r "$APPDATA\${APP_PACKAGE_NAME}"
  !insertmacro SelectMode $installMode
SectionEnd

Function un.onInit
  ${GetParameters} $R0
  StrCpy $R2 "user"
  ClearErrors
  ${GetOptions} $R0 "/allusers" $R1
  ${IfNot} ${Errors}
    StrCpy $R2 "all"
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/currentuser" $R1
  ${IfNot} ${Errors}
    StrCpy $R2 "user"
  ${EndIf}
  ${If} $R2 == "all"
    !insertmacro IsAdmin $0
    ${If} $0 != "Admin"
      MessageBox MB_OK|MB_ICONSTOP "Administrator rights are needed to remove ${PRODUCT_NAME} for all users." /SD IDOK
      SetErrorLevel ${EXIT_NOT_ADMIN}
      Quit
    ${EndIf}
  ${EndIf}
  !insertmacro SelectMode $R2
  StrCpy $isUpdate "0"
  ClearErrors
  ${GetOptions} $R0 "--updated" $R1
  ${IfNot} ${Errors}
    StrCpy $isUpdate "1"
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "--delete-app-data" $R1
  ${IfNot} ${Errors}
  ${AndIf} $isUpdate == "0"
    SectionSetFlags ${SecUserData} ${SF_SELECTED}
  ${EndIf}
FunctionEnd
