// `import DSEKit` brings in every public module of the package at once; each can still be
// imported on its own (`import LinearModel`) by code that needs only part of it.

@_exported import CBCBackend
@_exported import CostModels
@_exported import Experiments
@_exported import ExternalEvaluation
@_exported import GLPKBackend
@_exported import LinearModel
@_exported import Problems
@_exported import Reports
@_exported import Search
