import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

// Runs in the sandboxed preload: only `window.nodeloom` crosses into the page.
contextBridge.exposeInMainWorld('nodeloom', createBridge(ipcRenderer));
